import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUPPORTED_NODE_MAJOR, unsupportedRuntime } from './runtime';

const root = join(__dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8').trim();

describe('supported runtime', () => {
  it('refuses a Node.js older than the supported major, naming the version and the way out', () => {
    const reason = unsupportedRuntime('20.20.2');
    expect(reason).toContain('Node.js 20.20.2');
    expect(reason).toContain(`Node.js ${SUPPORTED_NODE_MAJOR} LTS or later`);
    expect(reason).toContain('node_modules/.bin');
    expect(unsupportedRuntime('v22.22.0')).toBeDefined();
  });

  it('accepts the supported major and later ones', () => {
    expect(unsupportedRuntime(`${SUPPORTED_NODE_MAJOR}.11.0`)).toBeUndefined();
    expect(unsupportedRuntime('26.1.0')).toBeUndefined();
  });

  it('runs this test suite on the supported runtime (the node development dependency on the PATH of npm scripts)', () => {
    expect(unsupportedRuntime(process.versions.node)).toBeUndefined();
  });

  it('is what engines, .nvmrc, .node-version and the pinned node development dependency say', () => {
    const manifest = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };
    expect(manifest.engines.node).toMatch(new RegExp(`^>=${SUPPORTED_NODE_MAJOR}\\.`));
    expect(read('.nvmrc')).toBe(String(SUPPORTED_NODE_MAJOR));
    expect(read('.node-version')).toBe(String(SUPPORTED_NODE_MAJOR));
    expect(manifest.devDependencies.node).toMatch(new RegExp(`^${SUPPORTED_NODE_MAJOR}\\.\\d+\\.\\d+$`));
  });
});
