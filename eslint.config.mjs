import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Layer rules: libs never reach into apps; only adapters import drivers.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**', '../../apps/*'], message: 'libs must not import from apps/' }] },
      ],
    },
  },
  {
    files: ['**/*.controller.ts', '**/*.gateway.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['typeorm', 'ioredis', 'mysql2', 'better-sqlite3', '@grpc/grpc-js', 'undici'].map((name) => ({
            name,
            message: 'controllers stay thin: talk to a service, not a driver',
          })),
        },
      ],
    },
  },
  {
    // The gateway's pure core: rules and arithmetic only, testable without Nest, Fastify, a driver or the network.
    files: ['libs/routing-gateway/src/*/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'fastify',
                '@fastify/*',
                'undici',
                'typeorm',
                'ioredis',
                'mysql2',
                '@opentelemetry/*',
                'class-validator',
                'class-transformer',
                'rxjs',
              ],
              message: 'the core stays free of frameworks and I/O: put this in an adapter beside core/',
            },
            {
              group: ['node:http', 'node:net', 'node:fs', 'node:stream', 'node:child_process'],
              message: 'the core does no I/O: put this in an adapter beside core/',
            },
            {
              group: [
                '**/*.service',
                '**/*.repository',
                '**/*.proxy',
                '**/*.gateway',
                '**/*.controller',
                '**/*.module',
                '**/*.runner',
                '**/*.publisher',
                '**/*.recorder',
                '**/*.resolver',
                '**/*.state',
                '**/*.forwarder',
                '**/*.builder',
                '**/*.metrics',
              ],
              message: 'the core never depends on an adapter; adapters depend on the core',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'apps/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
