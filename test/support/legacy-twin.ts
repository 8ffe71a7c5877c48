import { ForwardedIdentity, contentSha256Of, signIdentity } from '@switchyard/routing-gateway';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JsonResponse } from './identity';
import { eventually } from './poll';
import { freePort } from './ports';

const TWIN = join(__dirname, '..', '..', 'apps', 'legacy-twin');
const run = promisify(execFile);

/** Compiles the twin when a source is newer than its build (apps/legacy-twin/build.sh). */
async function build(): Promise<string> {
  await run('bash', [join(TWIN, 'build.sh')]);
  return readFileSync(join(TWIN, 'build', 'classpath'), 'utf8').trim();
}

/** The twin's check of the worked example in docs/legacy-identity.md: its exit code and what it printed. */
export async function runTwinSelfTest(): Promise<{ code: number; output: string }> {
  const classpath = await build();
  try {
    const { stdout } = await run('java', ['-cp', classpath, 'switchyard.twin.Main', '--self-test']);
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? 1, output: failed.stdout ?? '' };
  }
}

/** Runs the twin to its exit with only the given environment (for start-up refusals): exit code and stderr. */
export async function runTwinToExit(environment: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const classpath = await build();
  try {
    const { stderr } = await run('java', ['-cp', classpath, 'switchyard.twin.Main'], {
      env: { PATH: process.env.PATH ?? '', ...environment },
      timeout: 30_000,
    });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? 1, stderr: failed.stderr ?? '' };
  }
}

/** The Java legacy twin as a real child process on a database Switchyard uses. */
export class LegacyTwin {
  readonly output: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly secret: string,
  ) {}

  /** Builds if needed, starts the twin and waits until its health answers (the schema must be migrated already). */
  static async start(environment: { databaseUrl: string; identitySecret: string; port?: number }): Promise<LegacyTwin> {
    const classpath = await build();
    const port = environment.port ?? (await freePort());
    const child = spawn('java', ['-cp', classpath, 'switchyard.twin.Main'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: environment.databaseUrl,
        LEGACY_IDENTITY_SECRET: environment.identitySecret,
        LEGACY_TWIN_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const twin = new LegacyTwin(child, `http://127.0.0.1:${port}`, environment.identitySecret);
    child.stdout!.on('data', (chunk: Buffer) => twin.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => twin.output.push(chunk.toString()));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`legacy twin exited: ${twin.output.join('')}`);
        return (await fetch(`${twin.url}/__twin/health`).catch(() => undefined))?.status === 200;
      },
      { message: 'the legacy twin to serve', timeoutMs: 30_000, intervalMs: 100 },
    );
    return twin;
  }

  /** A request to the twin with identity headers signed by Switchyard's own signer (`secret` overrides the shared one). */
  async call(
    method: string,
    target: string,
    identity: ForwardedIdentity,
    options: { body?: unknown; secret?: string } = {},
  ): Promise<JsonResponse> {
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const signed = signIdentity(
      options.secret ?? this.secret,
      identity,
      { method, target, contentSha256: contentSha256Of(body) },
      Date.now(),
    );
    return this.send(method, target, { ...signed, ...(body ? { 'content-type': 'application/json' } : {}) }, body);
  }

  async send(method: string, target: string, headers: Record<string, string>, body?: Buffer | string): Promise<JsonResponse> {
    const response = await fetch(`${this.url}${target}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  async injectFault(fault: { delayMs?: number; status?: number }): Promise<void> {
    const response = await fetch(`${this.url}/__twin/faults`, { method: 'POST', body: JSON.stringify(fault) });
    if (response.status !== 200) throw new Error(`injecting ${JSON.stringify(fault)} failed: ${response.status}`);
  }

  async clearFaults(): Promise<void> {
    await fetch(`${this.url}/__twin/faults`, { method: 'DELETE' });
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code, signal) => resolve(code ?? (signal ? 0 : null))));
    this.child.kill('SIGTERM');
    return exited;
  }
}
