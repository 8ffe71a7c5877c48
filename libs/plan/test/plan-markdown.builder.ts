// Builds small tasks.md documents for unit specs, so each spec states only what it varies.

export type TaskFieldLabel = 'ID' | 'Inputs' | 'Outputs' | 'Acceptance' | 'Rollback' | 'Depends on' | 'Risk' | 'Status';
export type HeaderFieldLabel = 'Plan version' | 'Status' | 'Reviewers' | 'Review date';

export interface TaskDraft {
  id: string;
  title?: string;
  checked?: boolean;
  /** A field set to `undefined` is left out of the task. */
  fields?: Partial<Record<TaskFieldLabel, string | undefined>>;
}

export interface PlanDraft {
  header?: Partial<Record<HeaderFieldLabel, string | undefined>>;
  milestones?: { title: string; tasks: TaskDraft[] }[];
}

const DEFAULT_HEADER: Record<HeaderFieldLabel, string> = {
  'Plan version': '1.0',
  Status: 'approved',
  Reviewers: 'Ada Lovelace; Grace Hopper',
  'Review date': '2026-11-27',
};

export function buildTaskMarkdown(draft: TaskDraft, number: string): string {
  const fields: Record<TaskFieldLabel, string | undefined> = {
    ID: draft.id,
    Inputs: `inputs of ${draft.id}`,
    Outputs: `outputs of ${draft.id}`,
    Acceptance: `${draft.id} passes its tests`,
    Rollback: `revert ${draft.id}`,
    'Depends on': 'none',
    Risk: 'low',
    Status: 'todo',
    ...draft.fields,
  };
  const checked = draft.checked ?? fields.Status === 'done';
  const lines = [`- [${checked ? 'x' : ' '}] ${number} ${draft.id} ${draft.title ?? `Title of ${draft.id}`}`];
  for (const [label, value] of Object.entries(fields)) {
    if (value !== undefined) lines.push(`  - **${label}**: ${value}`.trimEnd());
  }
  return lines.join('\n');
}

export function buildPlanMarkdown(draft: PlanDraft = {}): string {
  const header = { ...DEFAULT_HEADER, ...draft.header };
  const lines = ['# Plan v1 — test', ''];
  for (const [label, value] of Object.entries(header)) {
    if (value !== undefined) lines.push(`- **${label}**: ${value}`.trimEnd());
  }
  (draft.milestones ?? []).forEach((milestone, milestoneIndex) => {
    lines.push('', `## ${milestoneIndex + 1}. ${milestone.title}`);
    milestone.tasks.forEach((task, taskIndex) => {
      lines.push('', buildTaskMarkdown(task, `${milestoneIndex + 1}.${taskIndex + 1}`));
    });
  });
  return `${lines.join('\n')}\n`;
}

/** One milestone holding the given tasks: the common case in specs. */
export function buildSingleMilestonePlan(tasks: TaskDraft[], header?: PlanDraft['header']): string {
  return buildPlanMarkdown({ header, milestones: [{ title: 'M1 Test', tasks }] });
}
