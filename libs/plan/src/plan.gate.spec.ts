import { buildSingleMilestonePlan, TaskDraft } from '../test/plan-markdown.builder';
import { checkTask, GateRefusalCode } from './plan.gate';
import { PlanValidation } from './plan.model';
import { parsePlan } from './plan.parser';
import { validatePlan } from './plan.validator';

const TASKS: TaskDraft[] = [
  { id: 'SWY-001', fields: { Status: 'done' } },
  { id: 'SWY-002', fields: { Status: 'in-progress' } },
  { id: 'SWY-003', fields: { 'Depends on': 'SWY-001' } },
  { id: 'SWY-004', fields: { 'Depends on': 'SWY-001, SWY-002, SWY-003' } },
];

function validationOf(status = 'approved', tasks = TASKS): PlanValidation {
  return validatePlan(parsePlan(buildSingleMilestonePlan(tasks, { Status: status })));
}

describe(checkTask.name, () => {
  it('should allow a declared task of an approved plan whose dependencies are done', () => {
    const validation = validationOf();

    const decision = checkTask(validation, 'SWY-003');

    expect(decision).toMatchObject({ taskId: 'SWY-003', allowed: true, reasons: [] });
    expect(decision.task).toMatchObject({ id: 'SWY-003', dependsOn: ['SWY-001'] });
  });

  it('should refuse a task that the plan does not declare', () => {
    const validation = validationOf();

    const decision = checkTask(validation, 'SWY-999');

    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([{ code: GateRefusalCode.NotDeclared, message: 'not declared in Plan v1' }]);
  });

  it('should refuse every task of a draft plan', () => {
    const validation = validationOf('draft');

    const decision = checkTask(validation, 'SWY-001');

    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([{ code: GateRefusalCode.PlanNotApproved, message: 'plan not approved (status: draft)' }]);
  });

  it('should name every dependency that is not done', () => {
    const validation = validationOf();

    const decision = checkTask(validation, 'SWY-004');

    expect(decision.reasons).toEqual([
      {
        code: GateRefusalCode.Blocked,
        message: 'blocked by SWY-002 (in-progress), SWY-003 (todo)',
        blockedBy: ['SWY-002', 'SWY-003'],
      },
    ]);
  });

  it('should give every reason to refuse, not only the first', () => {
    const validation = validationOf('draft');

    const decision = checkTask(validation, 'SWY-004');

    expect(decision.reasons.map((reason) => reason.code)).toEqual([GateRefusalCode.PlanNotApproved, GateRefusalCode.Blocked]);
  });

  it('should refuse every task of an invalid plan', () => {
    const validation = validationOf('approved', [{ id: 'SWY-001', fields: { Rollback: undefined } }]);

    const decision = checkTask(validation, 'SWY-001');

    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([
      { code: GateRefusalCode.PlanInvalid, message: 'plan invalid: 1 problem (run "npm run plan -- validate")' },
    ]);
  });

  it('should accept a task ID in lower case', () => {
    const validation = validationOf();

    const decision = checkTask(validation, ' swy-001 ');

    expect(decision).toMatchObject({ taskId: 'SWY-001', allowed: true });
  });
});
