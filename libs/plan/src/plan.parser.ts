import { HEADER_FIELD_LABELS, HeaderFieldName, ParsedPlan, ParsedTask, SourceField, TASK_FIELD_LABELS, TaskFieldName } from './plan.model';

// Same shape OpenSpec counts as a task: any list marker, a one-character box.
const TASK_LINE = /^(\s*)(?:[-*+]|\d{1,9}[.)])\s*\[\s*([^\]\s]?)\s*\]\s*(.*)$/;
// `- **Label**: value` and `- **Label:** value` both read as a field.
const FIELD_LINE = /^(\s*)[-*+]\s+\*\*([^*]+?)\s*(?:\*\*\s*:|:\s*\*\*)\s*(.*)$/;
const MILESTONE_HEADING = /^##(?!#)\s+(.*?)\s*#*\s*$/;
const TASK_NUMBER = /^(\d+(?:\.\d+)+)\s+/;
const HEADING_ID = /^([A-Z][A-Z0-9]*-\d+)\b[\s:—-]*/;
const LIST_MARKER = /^[-*+]\s+/;

const TASK_LABEL_ALIASES: Record<string, TaskFieldName> = {
  'acceptance criteria': 'acceptance',
  dependencies: 'dependsOn',
  'risk level': 'risk',
};

interface OpenField {
  indent: number;
  target: SourceField;
}

interface ParserState {
  plan: ParsedPlan;
  milestone: string;
  task: (ParsedTask & { indent: number }) | undefined;
  field: OpenField | undefined;
}

/** Reads tasks.md into its raw parts; never throws, the validator judges what it finds. */
export function parsePlan(markdown: string): ParsedPlan {
  const state: ParserState = {
    plan: { header: {}, milestones: [], tasks: [] },
    milestone: '',
    task: undefined,
    field: undefined,
  };
  markdown.split(/\r?\n/).forEach((text, index) => readLine(state, text, index + 1));
  return state.plan;
}

function readLine(state: ParserState, text: string, line: number): void {
  if (text.trim() === '') {
    state.field = undefined;
    return;
  }
  const heading = MILESTONE_HEADING.exec(text);
  if (heading) {
    state.milestone = heading[1];
    state.plan.milestones.push(heading[1]);
    state.task = undefined;
    state.field = undefined;
    return;
  }
  const taskLine = TASK_LINE.exec(text);
  if (taskLine) {
    startTask(state, taskLine, line);
    return;
  }
  const fieldLine = FIELD_LINE.exec(text);
  if (fieldLine) {
    readField(state, fieldLine, line);
    return;
  }
  continueField(state, text);
}

function startTask(state: ParserState, match: RegExpExecArray, line: number): void {
  let description = match[3].trim();
  const number = TASK_NUMBER.exec(description);
  if (number) description = description.slice(number[0].length);
  const headingId = HEADING_ID.exec(description);
  if (headingId) description = description.slice(headingId[0].length);
  const task = {
    line,
    milestone: state.milestone,
    number: number?.[1],
    checked: match[2].toLowerCase() === 'x',
    headingId: headingId?.[1],
    title: description.trim(),
    fields: {},
    repeatedFields: [],
    indent: match[1].length,
  };
  state.plan.tasks.push(task);
  state.task = task;
  state.field = undefined;
}

function readField(state: ParserState, match: RegExpExecArray, line: number): void {
  const indent = match[1].length;
  const label = match[2].trim().toLowerCase();
  const field: SourceField = { value: match[3].trim(), line };
  state.field = undefined;
  if (state.task && indent > state.task.indent) {
    const name = taskFieldNamed(label);
    if (!name) return;
    if (state.task.fields[name]) {
      state.task.repeatedFields.push({ name, line });
      return;
    }
    state.task.fields[name] = field;
    state.field = { indent, target: field };
    return;
  }
  const headerName = headerFieldNamed(label);
  // Header fields count only above the first task, so a stray `**Status**` cannot rewrite it.
  if (headerName && state.plan.tasks.length === 0 && !state.plan.header[headerName]) {
    state.plan.header[headerName] = field;
    state.field = { indent, target: field };
  }
}

/** Indented lines under a field (for example one bullet per acceptance criterion) extend it. */
function continueField(state: ParserState, text: string): void {
  const indent = text.length - text.trimStart().length;
  if (!state.field || indent <= state.field.indent) return;
  const addition = text.trim().replace(LIST_MARKER, '');
  const target = state.field.target;
  target.value = target.value === '' ? addition : `${target.value}\n${addition}`;
}

function taskFieldNamed(label: string): TaskFieldName | undefined {
  const entry = Object.entries(TASK_FIELD_LABELS).find(([, text]) => text.toLowerCase() === label);
  return (entry?.[0] as TaskFieldName | undefined) ?? TASK_LABEL_ALIASES[label];
}

function headerFieldNamed(label: string): HeaderFieldName | undefined {
  const entry = Object.entries(HEADER_FIELD_LABELS).find(([, text]) => text.toLowerCase() === label);
  return entry?.[0] as HeaderFieldName | undefined;
}
