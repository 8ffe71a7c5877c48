import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app-harness';

describe('embedded profile (no DATABASE_URL, no REDIS_URL)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-embedded-'));
  const sqlitePath = join(directory, 'nested', 'switchyard.sqlite');
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      DATABASE_SQLITE_PATH: sqlitePath,
      BOOTSTRAP_TENANT: 'local',
      BOOTSTRAP_ADMIN_USER: 'admin',
      BOOTSTRAP_ADMIN_PASSWORD: 'local-admin-password',
    });
  });

  afterAll(async () => {
    await running.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('should create the SQLite file and its folder', () => {
    expect(existsSync(sqlitePath)).toBe(true);
  });

  it('should serve liveness, readiness and docs', async () => {
    const [live, ready, docs] = await Promise.all(
      ['/health/live', '/health/ready', '/docs-json'].map((path) => fetch(`${running.baseUrl}${path}`)),
    );

    expect([live.status, ready.status, docs.status]).toEqual([200, 200, 200]);
  });

  it('should say in the log that it runs embedded and single-node', () => {
    expect(running.logs.find((line) => /Embedded profile: SQLite .*single node only/.test(String(line.msg)))).toBeDefined();
  });
});
