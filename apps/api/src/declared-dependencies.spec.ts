import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const BUILTINS = new Set(builtinModules);

/** Production sources: what `npm ci --omit=dev` must be able to run (specs and test folders excluded). */
function productionSources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' || entry.name === 'node_modules' ? [] : productionSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('@switchyard/')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  return BUILTINS.has(name) ? undefined : name;
}

function importsOf(file: string): Array<{ name: string; typeOnly: boolean }> {
  const text = readFileSync(file, 'utf8');
  const found: Array<{ name: string; typeOnly: boolean }> = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?\sfrom\s+'([^']+)'/gm)) {
    const name = packageOf(match[3]!);
    if (name) found.push({ name, typeOnly: match[2] !== undefined });
  }
  for (const match of text.matchAll(/(?:require|import)\(\s*'([^']+)'\s*\)/g)) {
    const name = packageOf(match[1]!);
    if (name) found.push({ name, typeOnly: false });
  }
  return found;
}

describe('package.json', () => {
  it('should declare every package production code imports, in dependencies (types may come from devDependencies)', () => {
    const undeclared = new Set<string>();
    for (const file of [...productionSources(join(ROOT, 'apps')), ...productionSources(join(ROOT, 'libs'))]) {
      for (const { name, typeOnly } of importsOf(file)) {
        const declared = name in (manifest.dependencies ?? {}) || (typeOnly && name in (manifest.devDependencies ?? {}));
        if (!declared) undeclared.add(`${name} (${relative(ROOT, file)})`);
      }
    }

    expect([...undeclared].sort()).toEqual([]);
  });
});
