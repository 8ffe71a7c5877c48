import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from 'jest';

// NestJS 12 and several of its dependencies ship ESM only. The app runs them
// through Node's require(esm), but Jest's CJS runtime cannot (without the experimental VM modules flag),
// so tests compile exactly those packages to CommonJS with swc.
function esmOnlyPackages(nodeModules: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const scoped = entry.startsWith('@');
    const children = scoped ? readdirSync(join(nodeModules, entry)).map((name) => `${entry}/${name}`) : [entry];
    for (const name of children) {
      const manifest = join(nodeModules, name, 'package.json');
      if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).type === 'module') names.push(name);
    }
  }
  return names;
}

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnlyPackages(join(import.meta.dirname, 'node_modules')).map(escape).join('|')})/)`];

// swc keeps the test start-up fast on a 2-core machine; decorator metadata is
// needed for Nest's constructor injection.
const swcOptions = (syntax: 'typescript' | 'ecmascript') => ({
  jsc: {
    parser: syntax === 'typescript' ? { syntax, decorators: true } : { syntax },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
});

const transform: Config['transform'] = {
  '^.+\\.ts$': ['@swc/jest', swcOptions('typescript')],
  '^.+\\.m?js$': ['@swc/jest', swcOptions('ecmascript')],
};

const moduleNameMapper: Config['moduleNameMapper'] = {
  '^@switchyard/(.*)$': '<rootDir>/libs/$1/src/index.ts',
};

const common: Config = {
  rootDir: import.meta.dirname,
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

const config: Config = {
  // Jest reads the timeout from the root only; the integration and e2e tiers start real apps.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      // test/deploy checks the deployment files against the code: no services needed, so it runs with the unit tier.
      testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.spec.ts', '<rootDir>/test/deploy/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/*/{src,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};

export default config;
