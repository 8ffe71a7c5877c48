import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConsoleDirectory } from './console.directory';

describe(defaultConsoleDirectory.name, () => {
  const root = mkdtempSync(join(tmpdir(), 'swy-console-directory-'));

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('should find dist/console beside the package.json above the start directory, from sources and from a build', () => {
    writeFileSync(join(root, 'package.json'), '{}');
    const sources = join(root, 'libs', 'console', 'src');
    const built = join(root, 'dist', 'libs', 'console', 'src');
    mkdirSync(sources, { recursive: true });
    mkdirSync(built, { recursive: true });

    const found = [defaultConsoleDirectory(sources), defaultConsoleDirectory(built)];

    expect(found).toEqual([join(root, 'dist', 'console'), join(root, 'dist', 'console')]);
  });
});
