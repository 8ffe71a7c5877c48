import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PLAN_FILE_FROM_ROOT, resolveDefaultPlanFile } from './plan.options';

describe(resolveDefaultPlanFile.name, () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'plan-options-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('should find the repository plan from the library sources', () => {
    const start = __dirname;

    const file = resolveDefaultPlanFile(start);

    expect(file).toBe(resolve(__dirname, '../../..', PLAN_FILE_FROM_ROOT));
  });

  it('should walk up from a nested directory such as a build output', async () => {
    const plan = join(directory, PLAN_FILE_FROM_ROOT);
    await mkdir(join(plan, '..'), { recursive: true });
    await writeFile(plan, '# Plan v1\n');
    const nested = join(directory, 'dist/libs/plan/src');
    await mkdir(nested, { recursive: true });

    const file = resolveDefaultPlanFile(nested);

    expect(file).toBe(plan);
  });

  it('should fall back to the path under the working directory when no plan is found', () => {
    const start = directory;

    const file = resolveDefaultPlanFile(start);

    expect(file).toBe(resolve(PLAN_FILE_FROM_ROOT));
  });
});
