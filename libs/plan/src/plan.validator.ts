import { findCycles } from './plan.graph';
import {
  HEADER_FIELD_LABELS,
  HEADER_FIELDS,
  ParsedPlan,
  ParsedTask,
  PLAN_STATUSES,
  Plan,
  PlanProblem,
  PlanProblemCode,
  PlanStatus,
  PlanTask,
  PlanValidation,
  RISK_LEVELS,
  RiskLevel,
  TASK_FIELD_LABELS,
  TASK_FIELDS,
  TASK_STATUSES,
  TaskStatus,
} from './plan.model';

const TASK_ID = /^[A-Z][A-Z0-9]*-\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const NO_DEPENDENCIES = new Set(['none', '-', '—']);

/** Lists every problem of a parsed plan; the typed plan is returned only when there is none. */
export function validatePlan(parsed: ParsedPlan): PlanValidation {
  const problems = [
    ...headerProblems(parsed),
    ...parsed.tasks.flatMap(taskProblems),
    ...identityProblems(parsed.tasks),
    ...dependencyProblems(parsed.tasks),
  ];
  if (parsed.tasks.length === 0) {
    problems.push({ code: PlanProblemCode.NoTasks, message: 'the plan declares no task' });
  }
  problems.sort((left, right) => (left.line ?? 0) - (right.line ?? 0));
  return { problems, plan: problems.length === 0 ? toPlan(parsed) : undefined };
}

/** `none` (or an empty list) means no dependency; otherwise IDs separated by commas or spaces. */
export function parseDependencies(value: string): string[] {
  const tokens = value.split(/[\s,;]+/).filter((token) => token !== '');
  return tokens.length === 1 && NO_DEPENDENCIES.has(tokens[0].toLowerCase()) ? [] : tokens;
}

function headerProblems(parsed: ParsedPlan): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const name of HEADER_FIELDS) {
    const field = parsed.header[name];
    const label = HEADER_FIELD_LABELS[name];
    if (!field) {
      problems.push({ code: PlanProblemCode.MissingHeaderField, message: `plan header: missing "${label}"` });
    } else if (field.value === '') {
      problems.push({ code: PlanProblemCode.EmptyHeaderField, message: `plan header: "${label}" is empty`, line: field.line });
    }
  }
  const status = parsed.header.status;
  if (status?.value && !isOneOf(PLAN_STATUSES, status.value.toLowerCase())) {
    const message = `plan header: status "${status.value}" is not one of ${PLAN_STATUSES.join(', ')}`;
    problems.push({ code: PlanProblemCode.InvalidPlanStatus, message, line: status.line });
  }
  const reviewDate = parsed.header.reviewDate;
  if (reviewDate?.value && !isCalendarDate(reviewDate.value)) {
    const message = `plan header: review date "${reviewDate.value}" is not a date (YYYY-MM-DD)`;
    problems.push({ code: PlanProblemCode.InvalidReviewDate, message, line: reviewDate.line });
  }
  return problems;
}

function taskProblems(task: ParsedTask): PlanProblem[] {
  const name = taskName(task);
  const problem = (code: PlanProblemCode, message: string, line = task.line): PlanProblem => ({
    code,
    message: `${name}: ${message}`,
    line,
    taskId: task.fields.id?.value || task.headingId,
  });
  const problems: PlanProblem[] = [];
  for (const field of TASK_FIELDS) {
    const source = task.fields[field];
    const label = TASK_FIELD_LABELS[field];
    if (!source) problems.push(problem(PlanProblemCode.MissingField, `missing field "${label}"`));
    else if (source.value === '') problems.push(problem(PlanProblemCode.EmptyField, `field "${label}" is empty`, source.line));
  }
  for (const repeated of task.repeatedFields) {
    const message = `field "${TASK_FIELD_LABELS[repeated.name]}" is given more than once`;
    problems.push(problem(PlanProblemCode.RepeatedField, message, repeated.line));
  }
  if (!task.title) problems.push(problem(PlanProblemCode.EmptyField, 'the task line has no title'));
  problems.push(...enumerationProblems(task, problem));
  return problems;
}

function enumerationProblems(
  task: ParsedTask,
  problem: (code: PlanProblemCode, message: string, line?: number) => PlanProblem,
): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const { risk, status } = task.fields;
  if (risk?.value && !isOneOf(RISK_LEVELS, risk.value.toLowerCase())) {
    const message = `risk "${risk.value}" is not a risk level (${RISK_LEVELS.join(', ')})`;
    problems.push(problem(PlanProblemCode.InvalidRisk, message, risk.line));
  }
  if (status?.value && !isOneOf(TASK_STATUSES, status.value.toLowerCase())) {
    const message = `status "${status.value}" is not one of ${TASK_STATUSES.join(', ')}`;
    problems.push(problem(PlanProblemCode.InvalidStatus, message, status.line));
  } else if (status?.value && task.checked !== (status.value.toLowerCase() === 'done')) {
    // OpenSpec counts progress from the checkbox; it must agree with the status field.
    const box = task.checked ? 'ticked' : 'not ticked';
    problems.push(problem(PlanProblemCode.CheckboxMismatch, `checkbox is ${box} but status is "${status.value}"`));
  }
  return problems;
}

function identityProblems(tasks: readonly ParsedTask[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const firstLine = new Map<string, number>();
  for (const task of tasks) {
    const id = task.fields.id;
    if (!id?.value) continue;
    const at = { line: id.line, taskId: id.value };
    if (!TASK_ID.test(id.value)) {
      const message = `${id.value}: ID is not of the form PREFIX-NUMBER (for example SWY-001)`;
      problems.push({ code: PlanProblemCode.InvalidTaskId, message, ...at });
    }
    if (task.headingId && task.headingId !== id.value) {
      const message = `${id.value}: the task line names ${task.headingId} but the ID field says ${id.value}`;
      problems.push({ code: PlanProblemCode.IdMismatch, message, ...at });
    }
    const earlier = firstLine.get(id.value);
    if (earlier === undefined) firstLine.set(id.value, id.line);
    else {
      const message = `${id.value}: duplicate ID, already declared on line ${earlier}`;
      problems.push({ code: PlanProblemCode.DuplicateId, message, ...at });
    }
  }
  return problems;
}

function dependencyProblems(tasks: readonly ParsedTask[]): PlanProblem[] {
  const declared = new Set(tasks.flatMap((task) => (task.fields.id?.value ? [task.fields.id.value] : [])));
  const problems: PlanProblem[] = [];
  for (const task of tasks) {
    const field = task.fields.dependsOn;
    if (!field?.value) continue;
    for (const dependency of parseDependencies(field.value)) {
      const at = { line: field.line, taskId: task.fields.id?.value };
      if (!TASK_ID.test(dependency)) {
        const message = `${taskName(task)}: dependency "${dependency}" is not a task ID (use IDs separated by commas, or "none")`;
        problems.push({ code: PlanProblemCode.InvalidDependency, message, ...at });
      } else if (!declared.has(dependency)) {
        const message = `${taskName(task)}: depends on unknown task ${dependency}`;
        problems.push({ code: PlanProblemCode.UnknownDependency, message, ...at });
      }
    }
  }
  return [...problems, ...cycleProblems(tasks)];
}

function cycleProblems(tasks: readonly ParsedTask[]): PlanProblem[] {
  const nodes = tasks.flatMap((task) => {
    const id = task.fields.id?.value;
    return id ? [{ id, dependsOn: parseDependencies(task.fields.dependsOn?.value ?? '') }] : [];
  });
  const lineOf = new Map(tasks.map((task) => [task.fields.id?.value, task.line]));
  return findCycles(nodes).map((cycle) => ({
    code: PlanProblemCode.DependencyCycle,
    message: `dependency cycle: ${cycle.join(' → ')}`,
    line: lineOf.get(cycle[0]),
    taskId: cycle[0],
  }));
}

function toPlan(parsed: ParsedPlan): Plan {
  const header = (name: keyof ParsedPlan['header']): string => parsed.header[name]?.value ?? '';
  return {
    version: header('version'),
    status: header('status').toLowerCase() as PlanStatus,
    reviewers: header('reviewers'),
    reviewDate: header('reviewDate'),
    milestones: parsed.milestones.filter((milestone) => parsed.tasks.some((task) => task.milestone === milestone)),
    tasks: parsed.tasks.map(toPlanTask),
  };
}

function toPlanTask(task: ParsedTask): PlanTask {
  const field = (name: keyof ParsedTask['fields']): string => task.fields[name]?.value ?? '';
  return {
    id: field('id'),
    title: task.title,
    milestone: task.milestone,
    line: task.line,
    inputs: field('inputs'),
    outputs: field('outputs'),
    acceptance: field('acceptance'),
    rollback: field('rollback'),
    dependsOn: parseDependencies(field('dependsOn')),
    risk: field('risk').toLowerCase() as RiskLevel,
    status: field('status').toLowerCase() as TaskStatus,
  };
}

function taskName(task: ParsedTask): string {
  return task.fields.id?.value || task.headingId || `task ${task.number ?? `on line ${task.line}`}`;
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
