import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs the real entry point as a process, the way an operator starts it. */
function start(environment: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', ...environment },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: result.status, stderr: result.stderr };
}

describe('start-up configuration check', () => {
  it('should exit 1 listing every bad key in one message', () => {
    const { status, stderr } = start({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'postgres://x/y' });

    expect(status).toBe(1);
    expect(stderr).toContain('Invalid configuration (3 problems)');
    expect(stderr).toMatch(/DATABASE_URL: must be a mysql:\/\/ or mariadb:\/\/ URL/);
    expect(stderr).toMatch(/LOG_LEVEL: /);
    expect(stderr).toMatch(/PORT: /);
  });

  it('should refuse production without MySQL, Redis and a real JWT secret', () => {
    const { status, stderr } = start({ NODE_ENV: 'production' });

    expect(status).toBe(1);
    expect(stderr).toMatch(/DATABASE_URL: is required when NODE_ENV=production/);
    expect(stderr).toMatch(/REDIS_URL: is required when NODE_ENV=production/);
    expect(stderr).toMatch(/JWT_SECRET: is a known placeholder/);
  });
});
