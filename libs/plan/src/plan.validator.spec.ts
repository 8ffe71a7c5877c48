import { buildSingleMilestonePlan, TaskDraft } from '../test/plan-markdown.builder';
import { PlanProblemCode } from './plan.model';
import { parsePlan } from './plan.parser';
import { parseDependencies, validatePlan } from './plan.validator';

function validate(tasks: TaskDraft[], header?: Parameters<typeof buildSingleMilestonePlan>[1]) {
  return validatePlan(parsePlan(buildSingleMilestonePlan(tasks, header)));
}

function codesOf(validation: ReturnType<typeof validate>): PlanProblemCode[] {
  return validation.problems.map((problem) => problem.code);
}

describe(validatePlan.name, () => {
  it('should return a typed plan and no problems for a complete plan', () => {
    const tasks = [
      { id: 'SWY-001', fields: { Status: 'done' } },
      { id: 'SWY-002', fields: { 'Depends on': 'SWY-001', Risk: 'High' } },
    ];

    const validation = validate(tasks);

    expect(validation.problems).toEqual([]);
    expect(validation.plan?.status).toBe('approved');
    expect(validation.plan?.tasks[1]).toMatchObject({ id: 'SWY-002', dependsOn: ['SWY-001'], risk: 'high', status: 'todo' });
  });

  it('should report every missing field of a task with its ID and line', () => {
    const tasks = [{ id: 'SWY-001', fields: { Rollback: undefined, Risk: undefined } }];

    const validation = validate(tasks);

    expect(validation.plan).toBeUndefined();
    expect(validation.problems).toEqual([
      { code: PlanProblemCode.MissingField, message: 'SWY-001: missing field "Rollback"', line: 10, taskId: 'SWY-001' },
      { code: PlanProblemCode.MissingField, message: 'SWY-001: missing field "Risk"', line: 10, taskId: 'SWY-001' },
    ]);
  });

  it('should report an empty field at the line of that field', () => {
    const tasks = [{ id: 'SWY-001', fields: { Outputs: '' } }];

    const validation = validate(tasks);

    expect(validation.problems).toEqual([
      { code: PlanProblemCode.EmptyField, message: 'SWY-001: field "Outputs" is empty', line: 13, taskId: 'SWY-001' },
    ]);
  });

  it('should report a duplicate ID with the line of its first declaration', () => {
    const tasks = [{ id: 'SWY-001' }, { id: 'SWY-001' }];

    const validation = validate(tasks);

    expect(validation.problems).toEqual([
      expect.objectContaining({ code: PlanProblemCode.DuplicateId, message: 'SWY-001: duplicate ID, already declared on line 11' }),
    ]);
  });

  it('should report a dependency on an unknown task', () => {
    const tasks = [{ id: 'SWY-001', fields: { 'Depends on': 'SWY-404' } }];

    const validation = validate(tasks);

    expect(validation.problems).toEqual([
      expect.objectContaining({ code: PlanProblemCode.UnknownDependency, message: 'SWY-001: depends on unknown task SWY-404' }),
    ]);
  });

  it('should report a dependency that is not a task ID', () => {
    const tasks = [{ id: 'SWY-001', fields: { 'Depends on': 'the database' } }];

    const validation = validate(tasks);

    expect(codesOf(validation)).toEqual([PlanProblemCode.InvalidDependency, PlanProblemCode.InvalidDependency]);
  });

  it('should name the tasks of a dependency cycle', () => {
    const tasks = [
      { id: 'SWY-001' },
      { id: 'SWY-003', fields: { 'Depends on': 'SWY-001, SWY-004' } },
      { id: 'SWY-004', fields: { 'Depends on': 'SWY-003' } },
    ];

    const validation = validate(tasks);

    expect(validation.problems).toEqual([
      expect.objectContaining({
        code: PlanProblemCode.DependencyCycle,
        message: 'dependency cycle: SWY-003 → SWY-004 → SWY-003',
        taskId: 'SWY-003',
      }),
    ]);
  });

  it('should report a task that depends on itself as a cycle', () => {
    const tasks = [{ id: 'SWY-001', fields: { 'Depends on': 'SWY-001' } }];

    const validation = validate(tasks);

    expect(validation.problems.map((problem) => problem.message)).toEqual(['dependency cycle: SWY-001 → SWY-001']);
  });

  it('should report a risk level outside low, medium and high', () => {
    const tasks = [{ id: 'SWY-001', fields: { Risk: 'critical' } }];

    const validation = validate(tasks);

    expect(validation.problems).toEqual([
      expect.objectContaining({
        code: PlanProblemCode.InvalidRisk,
        message: 'SWY-001: risk "critical" is not a risk level (low, medium, high)',
      }),
    ]);
  });

  it('should report an unknown task status', () => {
    const tasks = [{ id: 'SWY-001', fields: { Status: 'finished' } }];

    const validation = validate(tasks);

    expect(codesOf(validation)).toEqual([PlanProblemCode.InvalidStatus]);
  });

  it('should report a checkbox that disagrees with the status', () => {
    const tasks = [{ id: 'SWY-001', checked: true, fields: { Status: 'todo' } }];

    const validation = validate(tasks);

    expect(validation.problems).toEqual([
      expect.objectContaining({ code: PlanProblemCode.CheckboxMismatch, message: 'SWY-001: checkbox is ticked but status is "todo"' }),
    ]);
  });

  it('should report an ID on the task line that differs from the ID field', () => {
    const markdown = buildSingleMilestonePlan([{ id: 'SWY-001' }]).replace('1.1 SWY-001', '1.1 SWY-010');

    const validation = validatePlan(parsePlan(markdown));

    expect(codesOf(validation)).toEqual([PlanProblemCode.IdMismatch]);
  });

  it('should report an ID that is not of the form PREFIX-NUMBER', () => {
    const tasks = [{ id: 'task-one' }];

    const validation = validate(tasks);

    expect(codesOf(validation)).toEqual([PlanProblemCode.InvalidTaskId]);
  });

  it('should report missing, empty and invalid header fields', () => {
    const header = { Reviewers: undefined, 'Plan version': '', Status: 'maybe', 'Review date': '2026-02-30' };

    const validation = validate([{ id: 'SWY-001' }], header);

    expect(codesOf(validation)).toEqual([
      PlanProblemCode.MissingHeaderField,
      PlanProblemCode.EmptyHeaderField,
      PlanProblemCode.InvalidPlanStatus,
      PlanProblemCode.InvalidReviewDate,
    ]);
  });

  it('should report a plan without tasks', () => {
    const validation = validate([]);

    expect(codesOf(validation)).toEqual([PlanProblemCode.NoTasks]);
  });

  it('should report all problems of all tasks at once, in line order', () => {
    const tasks = [
      { id: 'SWY-001', fields: { Risk: 'severe' } },
      { id: 'SWY-002', fields: { Inputs: undefined, 'Depends on': 'SWY-009' } },
    ];

    const validation = validate(tasks);

    expect(codesOf(validation)).toEqual([PlanProblemCode.InvalidRisk, PlanProblemCode.MissingField, PlanProblemCode.UnknownDependency]);
  });

  it('should accept a draft plan as valid', () => {
    const validation = validate([{ id: 'SWY-001' }], { Status: 'draft' });

    expect(validation.problems).toEqual([]);
    expect(validation.plan?.status).toBe('draft');
  });
});

describe(parseDependencies.name, () => {
  it('should read "none" in any case as no dependency', () => {
    const values = ['none', 'None'];

    const dependencies = values.map(parseDependencies);

    expect(dependencies).toEqual([[], []]);
  });

  it('should split IDs separated by commas or spaces', () => {
    const value = 'SWY-001, SWY-002 SWY-003';

    const dependencies = parseDependencies(value);

    expect(dependencies).toEqual(['SWY-001', 'SWY-002', 'SWY-003']);
  });
});
