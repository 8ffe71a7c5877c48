import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { LoadAnswer, isSuccess } from './steady-load';

export interface OperationFigures {
  requests: number;
  succeeded: number;
  /** `<status> <code>[ (<dependency>)]` → how many. */
  errors: Record<string, number>;
}

export interface WriteFigures {
  /** Writes answered 2xx (each must be exactly one row or one legacy receipt). */
  acknowledged: number;
  /** Writes answered with an error that nevertheless took effect (allowed where the test says so). */
  failedButApplied: number;
  /** Writes answered with an error that left nothing behind. */
  failedNotApplied: number;
}

export interface ScenarioFigures {
  scenario: string;
  /** What was cut (or restarted), and for how long by the test's clock. */
  dependency: string;
  outageSeconds: number;
  requests: number;
  operations: Record<string, OperationFigures>;
  /** The path that needs the dependency, whose first success after the restore ends the recovery. */
  recoveryPath: string;
  /** From the restore to the end of the first successful answer on that path sent after it. */
  recoverySeconds: number;
  writes: Record<string, WriteFigures>;
}

export function errorKey(answer: Pick<LoadAnswer, 'status' | 'code' | 'dependency'>): string {
  return `${answer.status} ${answer.code ?? ''}${answer.dependency ? ` (${answer.dependency})` : ''}`.trim();
}

export function operationFigures(answers: readonly LoadAnswer[]): Record<string, OperationFigures> {
  const figures: Record<string, OperationFigures> = {};
  for (const answer of answers) {
    const entry = (figures[answer.operation] ??= { requests: 0, succeeded: 0, errors: {} });
    entry.requests += 1;
    if (isSuccess(answer.status)) entry.succeeded += 1;
    else entry.errors[errorKey(answer)] = (entry.errors[errorKey(answer)] ?? 0) + 1;
  }
  return figures;
}

/** Seconds, to a hundredth. */
export function seconds(milliseconds: number): number {
  return Math.round(milliseconds / 10) / 100;
}

/** The figures of every scenario of one run, written as JSON when CHAOS_REPORT names a file (npm run chaos:report). */
export class ChaosReport {
  private readonly scenarios: ScenarioFigures[] = [];
  private readonly startedAt = new Date();

  constructor(
    private readonly topology: string[],
    /** How the run was made (load, outage length, recovery bound), in sentences for the report. */
    private readonly method: string[],
  ) {}

  add(figures: ScenarioFigures): void {
    this.scenarios.push(figures);
  }

  write(): void {
    const file = process.env.CHAOS_REPORT;
    if (!file) return;
    const report = {
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      commit: quietly('git', ['rev-parse', '--short', 'HEAD']),
      machine: {
        cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        nginx: quietly(process.env.NGINX_BINARY ?? '/usr/sbin/nginx', ['-v']),
        mariadb: quietly('mariadb', ['--version']),
        redis: quietly('redis-server', ['--version']),
      },
      topology: this.topology,
      method: this.method,
      scenarios: this.scenarios,
    };
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  }
}

/** A tool's version line (nginx writes it to stderr), or `unknown`: the report is informative and never fails the suite. */
function quietly(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n')[0] || 'unknown';
}
