import { relative } from 'node:path';
import { PlanProblem, RISK_LEVELS } from './plan.model';
import { PlanCheckReport, PlanOrderReport, PlanRiskReport, PlanValidationReport } from './plan.service';

// Plain text for people; machines use --json. No colours, so output pipes and diffs cleanly.

export function formatValidation(report: PlanValidationReport, workingDirectory = process.cwd()): string {
  const file = displayPath(report.file, workingDirectory);
  if (!report.valid) {
    const count = report.problems.length;
    return [`${file}: ${count} problem${count === 1 ? '' : 's'}`, ...formatProblems(report.problems)].join('\n');
  }
  const lines = [
    `${file}: valid`,
    `Plan ${report.version} (${report.status}): ${report.taskCount} tasks in ${report.milestoneCount} milestones, no problems`,
  ];
  if (report.status?.toLowerCase() !== 'approved') {
    lines.push('Note: the plan is not approved, so "check" refuses every task until it is.');
  }
  return lines.join('\n');
}

export function formatProblems(problems: readonly PlanProblem[]): string[] {
  return problems.map((problem) => {
    const where = problem.line === undefined ? '' : `line ${problem.line}: `;
    return `  ${where}${problem.message} [${problem.code}]`;
  });
}

export function formatOrder(report: PlanOrderReport): string {
  const taskCount = report.levels.reduce((sum, level) => sum + level.tasks.length, 0);
  const lines = [
    `Plan ${report.version} (${report.status}): ${taskCount} tasks in ${report.levels.length} levels`,
    'Tasks in one level depend only on earlier levels and can run in parallel.',
  ];
  const idWidth = widest(report.levels.flatMap((level) => level.tasks.map((task) => task.id)));
  for (const level of report.levels) {
    lines.push('', `Level ${level.level}`);
    for (const task of level.tasks) {
      lines.push(`  ${task.id.padEnd(idWidth)}  ${task.risk.padEnd(6)}  ${task.status.padEnd(11)}  ${task.title}`);
    }
  }
  return lines.join('\n');
}

export function formatRisk(report: PlanRiskReport): string {
  const lines = [`Plan ${report.version} (${report.status}): risk distribution of ${report.total} tasks`];
  for (const risk of RISK_LEVELS) {
    const { count, share } = report.distribution[risk];
    lines.push(`  ${risk.padEnd(6)}  ${String(count).padStart(3)}  ${(share * 100).toFixed(1).padStart(5)}%`);
  }
  lines.push('', `High-risk tasks (${report.highRisk.length}) and their rollback:`);
  if (report.highRisk.length === 0) lines.push('  none');
  for (const task of report.highRisk) {
    lines.push(`  ${task.id}  ${task.title} (${task.status})`, `    rollback: ${task.rollback.replace(/\n/g, '; ')}`);
  }
  return lines.join('\n');
}

export function formatDecision(report: PlanCheckReport): string {
  if (report.allowed) {
    const dependencies = report.task?.dependsOn.length ? report.task.dependsOn.join(', ') : 'none';
    return `ALLOWED ${report.taskId}: declared in approved Plan v1, dependencies done (${dependencies})`;
  }
  return `REFUSED ${report.taskId}: ${report.reasons.map((reason) => reason.message).join('; ')}`;
}

function displayPath(file: string, workingDirectory: string): string {
  const path = relative(workingDirectory, file);
  return path === '' || path.startsWith('..') ? file : path;
}

function widest(values: readonly string[]): number {
  return values.reduce((width, value) => Math.max(width, value.length), 0);
}
