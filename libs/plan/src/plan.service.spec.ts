import { buildPlanMarkdown, buildSingleMilestonePlan } from '../test/plan-markdown.builder';
import { PlanErrorCode, PlanException } from './plan.errors';
import { PlanFileReader } from './plan-file.reader';
import { PlanProblemCode } from './plan.model';
import { PlanOptions } from './plan.options';
import { PlanService } from './plan.service';

const FILE = '/plans/tasks.md';

class FakePlanFileReader extends PlanFileReader {
  constructor(private readonly content: string | PlanException) {
    super();
  }

  override async read(file: string): Promise<string> {
    if (file !== FILE) throw new Error(`unexpected file ${file}`);
    if (this.content instanceof PlanException) throw this.content;
    return this.content;
  }
}

const VALID_PLAN = buildPlanMarkdown({
  milestones: [
    {
      title: 'M1 Base',
      tasks: [
        { id: 'SWY-001', fields: { Status: 'done' } },
        { id: 'SWY-002', fields: { 'Depends on': 'SWY-001', Risk: 'high', Rollback: 'toggle off' } },
      ],
    },
    { title: 'M2 Next', tasks: [{ id: 'SWY-003', fields: { 'Depends on': 'SWY-001', Risk: 'medium' } }] },
  ],
});

const INVALID_PLAN = buildSingleMilestonePlan([{ id: 'SWY-001', fields: { Risk: 'critical' } }]);

function serviceReading(content: string | PlanException): PlanService {
  return new PlanService(new PlanOptions(FILE), new FakePlanFileReader(content));
}

describe(PlanService.name, () => {
  describe('validate', () => {
    it('should report a clean plan with its version, status and counts', async () => {
      const sut = serviceReading(VALID_PLAN);

      const report = await sut.validate();

      expect(report).toEqual({
        file: FILE,
        valid: true,
        version: '1.0',
        status: 'approved',
        taskCount: 3,
        milestoneCount: 2,
        problems: [],
      });
    });

    it('should report the problems of an invalid plan', async () => {
      const sut = serviceReading(INVALID_PLAN);

      const report = await sut.validate();

      expect(report.valid).toBe(false);
      expect(report.problems.map((problem) => problem.code)).toEqual([PlanProblemCode.InvalidRisk]);
    });

    it('should let a missing file surface as a plan exception', async () => {
      const sut = serviceReading(new PlanException(PlanErrorCode.FileNotFound, 'plan file not found: /plans/tasks.md'));

      const validation = sut.validate();

      await expect(validation).rejects.toMatchObject({ code: PlanErrorCode.FileNotFound });
    });
  });

  describe('order', () => {
    it('should return numbered dependency levels with the risk of each task', async () => {
      const sut = serviceReading(VALID_PLAN);

      const report = await sut.order();

      expect(report.levels.map((level) => [level.level, level.tasks.map((task) => `${task.id}:${task.risk}`)])).toEqual([
        [1, ['SWY-001:low']],
        [2, ['SWY-002:high', 'SWY-003:medium']],
      ]);
    });

    it('should refuse to order an invalid plan and carry its problems', async () => {
      const sut = serviceReading(INVALID_PLAN);

      const order = sut.order();

      await expect(order).rejects.toBeInstanceOf(PlanException);
      await expect(order).rejects.toMatchObject({
        code: PlanErrorCode.PlanInvalid,
        details: [expect.objectContaining({ code: PlanProblemCode.InvalidRisk })],
      });
    });
  });

  describe('risk', () => {
    it('should return the distribution and the high-risk tasks', async () => {
      const sut = serviceReading(VALID_PLAN);

      const report = await sut.risk();

      expect(report.distribution.high).toEqual({ count: 1, share: 0.333 });
      expect(report.highRisk).toEqual([expect.objectContaining({ id: 'SWY-002', rollback: 'toggle off' })]);
    });
  });

  describe('graph', () => {
    it('should return the Mermaid flowchart of the plan', async () => {
      const sut = serviceReading(VALID_PLAN);

      const report = await sut.graph();

      expect(report.mermaid).toContain('SWY_001 --> SWY_003');
    });
  });

  describe('check', () => {
    it('should allow a task whose dependencies are done', async () => {
      const sut = serviceReading(VALID_PLAN);

      const report = await sut.check('SWY-002');

      expect(report).toMatchObject({ file: FILE, taskId: 'SWY-002', allowed: true });
    });

    it('should refuse a task of an invalid plan instead of throwing', async () => {
      const sut = serviceReading(INVALID_PLAN);

      const report = await sut.check('SWY-001');

      expect(report.allowed).toBe(false);
    });
  });

  describe('getSummary', () => {
    it('should return version, status, order and risk for the admin endpoint', async () => {
      const sut = serviceReading(VALID_PLAN);

      const summary = await sut.getSummary();

      expect(Object.keys(summary)).toEqual(['version', 'status', 'order', 'risk']);
      expect(summary).toMatchObject({ version: '1.0', status: 'approved' });
      expect(summary.order).toHaveLength(2);
      expect(summary.risk.total).toBe(3);
    });
  });
});
