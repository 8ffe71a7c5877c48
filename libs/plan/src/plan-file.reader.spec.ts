import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanErrorCode } from './plan.errors';
import { PlanFileReader } from './plan-file.reader';

describe(PlanFileReader.name, () => {
  let directory: string;
  const sut = new PlanFileReader();

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'plan-reader-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  describe('read', () => {
    it('should return the content of the plan file', async () => {
      const file = join(directory, 'tasks.md');
      await writeFile(file, '# Plan v1\n');

      const content = await sut.read(file);

      expect(content).toBe('# Plan v1\n');
    });

    it('should throw a file-not-found plan exception naming a missing file', async () => {
      const file = join(directory, 'missing.md');

      const reading = sut.read(file);

      await expect(reading).rejects.toMatchObject({
        code: PlanErrorCode.FileNotFound,
        message: `plan file not found: ${file}`,
      });
    });

    it('should throw an unreadable-file plan exception with the system error code', async () => {
      const file = directory;

      const reading = sut.read(file);

      await expect(reading).rejects.toMatchObject({
        code: PlanErrorCode.FileUnreadable,
        message: `plan file unreadable: ${file} (EISDIR)`,
      });
    });
  });
});
