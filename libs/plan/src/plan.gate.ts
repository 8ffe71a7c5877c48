import { PlanTask, PlanValidation } from './plan.model';

export enum GateRefusalCode {
  PlanInvalid = 'plan-invalid',
  PlanNotApproved = 'plan-not-approved',
  NotDeclared = 'not-declared',
  Blocked = 'blocked',
}

export interface GateRefusal {
  code: GateRefusalCode;
  message: string;
  /** For `blocked`: the dependencies that are not done yet. */
  blockedBy?: string[];
}

export interface GateDecision {
  taskId: string;
  allowed: boolean;
  reasons: GateRefusal[];
  task?: Pick<PlanTask, 'id' | 'title' | 'status' | 'risk' | 'dependsOn'>;
}

/**
 * The start gate: a task may begin only when it is declared in a valid, approved plan and every
 * task it depends on is done. Every reason to refuse is listed, not only the first.
 */
export function checkTask(validation: PlanValidation, requestedId: string): GateDecision {
  const taskId = requestedId.trim().toUpperCase();
  const plan = validation.plan;
  if (!plan) {
    const count = validation.problems.length;
    const message = `plan invalid: ${count} problem${count === 1 ? '' : 's'} (run "npm run plan -- validate")`;
    return { taskId, allowed: false, reasons: [{ code: GateRefusalCode.PlanInvalid, message }] };
  }
  const reasons: GateRefusal[] = [];
  if (plan.status !== 'approved') {
    reasons.push({ code: GateRefusalCode.PlanNotApproved, message: `plan not approved (status: ${plan.status})` });
  }
  const task = plan.tasks.find((candidate) => candidate.id === taskId);
  if (!task) {
    reasons.push({ code: GateRefusalCode.NotDeclared, message: 'not declared in Plan v1' });
    return { taskId, allowed: false, reasons };
  }
  const blockedBy = task.dependsOn.filter((id) => plan.tasks.find((candidate) => candidate.id === id)?.status !== 'done');
  if (blockedBy.length > 0) {
    const details = blockedBy.map((id) => `${id} (${plan.tasks.find((candidate) => candidate.id === id)?.status})`);
    reasons.push({ code: GateRefusalCode.Blocked, message: `blocked by ${details.join(', ')}`, blockedBy });
  }
  const { id, title, status, risk, dependsOn } = task;
  return { taskId, allowed: reasons.length === 0, reasons, task: { id, title, status, risk, dependsOn } };
}
