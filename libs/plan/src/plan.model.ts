export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const TASK_STATUSES = ['todo', 'in-progress', 'blocked', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PLAN_STATUSES = ['approved', 'draft'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const TASK_FIELDS = ['id', 'inputs', 'outputs', 'acceptance', 'rollback', 'dependsOn', 'risk', 'status'] as const;
export type TaskFieldName = (typeof TASK_FIELDS)[number];

export const HEADER_FIELDS = ['version', 'status', 'reviewers', 'reviewDate'] as const;
export type HeaderFieldName = (typeof HEADER_FIELDS)[number];

/** The label each field carries in tasks.md, as in `- **Depends on**: SWY-001`. */
export const TASK_FIELD_LABELS: Record<TaskFieldName, string> = {
  id: 'ID',
  inputs: 'Inputs',
  outputs: 'Outputs',
  acceptance: 'Acceptance',
  rollback: 'Rollback',
  dependsOn: 'Depends on',
  risk: 'Risk',
  status: 'Status',
};

export const HEADER_FIELD_LABELS: Record<HeaderFieldName, string> = {
  version: 'Plan version',
  status: 'Status',
  reviewers: 'Reviewers',
  reviewDate: 'Review date',
};

export interface SourceField {
  value: string;
  line: number;
}

/** A task as written, before any field is checked. */
export interface ParsedTask {
  line: number;
  milestone: string;
  number: string | undefined;
  checked: boolean;
  headingId: string | undefined;
  title: string;
  fields: Partial<Record<TaskFieldName, SourceField>>;
  repeatedFields: { name: TaskFieldName; line: number }[];
}

export interface ParsedPlan {
  header: Partial<Record<HeaderFieldName, SourceField>>;
  milestones: string[];
  tasks: ParsedTask[];
}

/** A task whose every field passed validation. */
export interface PlanTask {
  id: string;
  title: string;
  milestone: string;
  line: number;
  inputs: string;
  outputs: string;
  acceptance: string;
  rollback: string;
  dependsOn: string[];
  risk: RiskLevel;
  status: TaskStatus;
}

export interface Plan {
  version: string;
  status: PlanStatus;
  reviewers: string;
  reviewDate: string;
  milestones: string[];
  tasks: PlanTask[];
}

export enum PlanProblemCode {
  MissingHeaderField = 'missing-header-field',
  EmptyHeaderField = 'empty-header-field',
  InvalidPlanStatus = 'invalid-plan-status',
  InvalidReviewDate = 'invalid-review-date',
  NoTasks = 'no-tasks',
  MissingField = 'missing-field',
  EmptyField = 'empty-field',
  RepeatedField = 'repeated-field',
  InvalidTaskId = 'invalid-task-id',
  IdMismatch = 'id-mismatch',
  DuplicateId = 'duplicate-id',
  InvalidDependency = 'invalid-dependency',
  UnknownDependency = 'unknown-dependency',
  DependencyCycle = 'dependency-cycle',
  InvalidRisk = 'invalid-risk',
  InvalidStatus = 'invalid-status',
  CheckboxMismatch = 'checkbox-mismatch',
}

export interface PlanProblem {
  code: PlanProblemCode;
  message: string;
  line?: number;
  taskId?: string;
}

export interface PlanValidation {
  problems: PlanProblem[];
  /** Present only when there are no problems: analyses never run on a broken plan. */
  plan: Plan | undefined;
}
