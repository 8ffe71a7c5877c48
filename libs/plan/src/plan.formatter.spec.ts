import { formatDecision, formatOrder, formatRisk, formatValidation } from './plan.formatter';
import { PlanProblemCode } from './plan.model';
import { PlanCheckReport, PlanOrderReport, PlanRiskReport, PlanValidationReport } from './plan.service';

const VALID_REPORT: PlanValidationReport = {
  file: '/repo/openspec/tasks.md',
  valid: true,
  version: '1.0',
  status: 'approved',
  taskCount: 3,
  milestoneCount: 2,
  problems: [],
};

describe(formatValidation.name, () => {
  it('should summarise a clean plan with the file relative to the working directory', () => {
    const report = VALID_REPORT;

    const text = formatValidation(report, '/repo');

    expect(text).toBe('openspec/tasks.md: valid\nPlan 1.0 (approved): 3 tasks in 2 milestones, no problems');
  });

  it('should warn that a draft plan blocks the gate', () => {
    const report = { ...VALID_REPORT, status: 'draft' };

    const text = formatValidation(report, '/repo');

    expect(text).toContain('Note: the plan is not approved');
  });

  it('should list every problem with its line and code', () => {
    const report: PlanValidationReport = {
      ...VALID_REPORT,
      valid: false,
      problems: [
        { code: PlanProblemCode.MissingHeaderField, message: 'plan header: missing "Reviewers"' },
        { code: PlanProblemCode.MissingField, message: 'SWY-002: missing field "Rollback"', line: 12, taskId: 'SWY-002' },
      ],
    };

    const text = formatValidation(report, '/elsewhere');

    expect(text.split('\n')).toEqual([
      '/repo/openspec/tasks.md: 2 problems',
      '  plan header: missing "Reviewers" [missing-header-field]',
      '  line 12: SWY-002: missing field "Rollback" [missing-field]',
    ]);
  });
});

describe(formatOrder.name, () => {
  it('should print numbered levels with the risk and status of each task', () => {
    const report: PlanOrderReport = {
      file: '/repo/tasks.md',
      version: '1.0',
      status: 'approved',
      levels: [
        { level: 1, tasks: [{ id: 'SWY-001', title: 'Base', milestone: 'M1', risk: 'low', status: 'done', dependsOn: [] }] },
        { level: 2, tasks: [{ id: 'SWY-002', title: 'Auth', milestone: 'M1', risk: 'high', status: 'todo', dependsOn: ['SWY-001'] }] },
      ],
    };

    const text = formatOrder(report);

    expect(text).toContain('Plan 1.0 (approved): 2 tasks in 2 levels');
    expect(text).toContain('Level 1\n  SWY-001  low     done         Base');
    expect(text).toContain('Level 2\n  SWY-002  high    todo         Auth');
  });
});

describe(formatRisk.name, () => {
  it('should print counts, percentages and each high-risk rollback', () => {
    const report: PlanRiskReport = {
      file: '/repo/tasks.md',
      version: '1.0',
      status: 'approved',
      total: 3,
      distribution: { low: { count: 2, share: 0.667 }, medium: { count: 0, share: 0 }, high: { count: 1, share: 0.333 } },
      highRisk: [{ id: 'SWY-002', title: 'Auth', status: 'todo', rollback: 'toggle off\nrevert' }],
    };

    const text = formatRisk(report);

    expect(text).toContain('  low       2   66.7%');
    expect(text).toContain('  high      1   33.3%');
    expect(text).toContain('  SWY-002  Auth (todo)\n    rollback: toggle off; revert');
  });
});

describe(formatDecision.name, () => {
  const base: PlanCheckReport = { file: '/repo/tasks.md', taskId: 'SWY-002', allowed: true, reasons: [] };

  it('should say why a task is allowed', () => {
    const report = {
      ...base,
      task: { id: 'SWY-002', title: 'Auth', status: 'todo' as const, risk: 'high' as const, dependsOn: ['SWY-001'] },
    };

    const text = formatDecision(report);

    expect(text).toBe('ALLOWED SWY-002: declared in approved Plan v1, dependencies done (SWY-001)');
  });

  it('should join every refusal reason', () => {
    const report = {
      ...base,
      allowed: false,
      reasons: [
        { code: 'plan-not-approved', message: 'plan not approved (status: draft)' },
        { code: 'blocked', message: 'blocked by SWY-001 (todo)' },
      ],
    } as PlanCheckReport;

    const text = formatDecision(report);

    expect(text).toBe('REFUSED SWY-002: plan not approved (status: draft); blocked by SWY-001 (todo)');
  });
});
