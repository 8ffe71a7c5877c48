import { Test } from '@nestjs/testing';
import { resolve } from 'node:path';
import { PlanModule } from './plan.module';
import { PLAN_FILE_FROM_ROOT } from './plan.options';
import { PlanService } from './plan.service';

describe(PlanModule.name, () => {
  describe('forRoot', () => {
    it('should provide a plan service reading the configured file', async () => {
      const fixture = resolve(__dirname, '../test/fixtures/valid.md');

      const testingModule = await Test.createTestingModule({ imports: [PlanModule.forRoot({ file: fixture })] }).compile();

      const service = testingModule.get(PlanService);
      expect(service.file).toBe(fixture);
      await expect(service.getSummary()).resolves.toMatchObject({ version: '2.3', status: 'approved' });
    });

    it('should default to the repository plan', async () => {
      const options = {};

      const testingModule = await Test.createTestingModule({ imports: [PlanModule.forRoot(options)] }).compile();

      expect(testingModule.get(PlanService).file).toBe(resolve(__dirname, '../../..', PLAN_FILE_FROM_ROOT));
    });
  });
});
