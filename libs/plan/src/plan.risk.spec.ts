import { Plan, PlanTask, RiskLevel } from './plan.model';
import { summarizeRisk } from './plan.risk';

function taskWith(id: string, risk: RiskLevel): PlanTask {
  return {
    id,
    title: `Title of ${id}`,
    milestone: 'M1',
    line: 1,
    inputs: 'inputs',
    outputs: 'outputs',
    acceptance: 'acceptance',
    rollback: `roll ${id} back`,
    dependsOn: [],
    risk,
    status: 'todo',
  };
}

function planWith(tasks: PlanTask[]): Plan {
  return { version: '1.0', status: 'approved', reviewers: 'someone', reviewDate: '2026-11-27', milestones: ['M1'], tasks };
}

describe(summarizeRisk.name, () => {
  it('should count each risk level and its share of all tasks', () => {
    const plan = planWith([taskWith('A-1', 'low'), taskWith('A-2', 'high'), taskWith('A-3', 'low')]);

    const summary = summarizeRisk(plan);

    expect(summary.total).toBe(3);
    expect(summary.distribution).toEqual({
      low: { count: 2, share: 0.667 },
      medium: { count: 0, share: 0 },
      high: { count: 1, share: 0.333 },
    });
  });

  it('should list the high-risk tasks with their rollback', () => {
    const plan = planWith([taskWith('A-1', 'medium'), taskWith('A-2', 'high')]);

    const summary = summarizeRisk(plan);

    expect(summary.highRisk).toEqual([{ id: 'A-2', title: 'Title of A-2', status: 'todo', rollback: 'roll A-2 back' }]);
  });

  it('should give zero shares for a plan without tasks', () => {
    const plan = planWith([]);

    const summary = summarizeRisk(plan);

    expect(summary.distribution.low).toEqual({ count: 0, share: 0 });
  });
});
