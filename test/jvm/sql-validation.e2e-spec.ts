import { status } from '@grpc/grpc-js';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, insertTenantWithOwner, login } from '../support/identity';
import { emulatorTarget, javaTarget, startedOnce } from '../support/jvm-java';
import type { ContractTarget } from '../support/jvm-java';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

// Calcite is the Node emulator or the Java server (apps/jvm-java, SQL prepared on MariaDB against a catalog that has
// orders and customers; invoices it does not have, which only changes what the cached answer says).
const targets: Array<[string, () => Promise<ContractTarget>]> = [
  ['the Node emulator', startedOnce(() => emulatorTarget(2_000))],
  ['the Java server', startedOnce(javaTarget)],
];

describe.each(targets)('POST /api/v1/spaces/:spaceId/sql/validate through Calcite served by %s', (_name, start) => {
  let target: ContractTarget;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let running: RunningApp;
  let owner: Caller;
  let foreign: Caller;
  let spaceId: string;

  beforeAll(async () => {
    target = await start();
    database = await createTestDatabase('sql');
    running = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:sql`,
      JVM_CALCITE_ADDRESS: target.server.address,
      JVM_RETRY_ATTEMPTS: '0',
      JVM_BREAKER_FAILURES: '1',
      JVM_BREAKER_COOLDOWN_MS: '600000',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    owner = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');
    foreign = await login(running.baseUrl, 'globex', 'boss', 'globex-boss-password');
    spaceId = (await call(running.baseUrl, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Warehouse' } })).body
      .id;
  });

  afterAll(async () => {
    await running.close();
    await database.drop();
  });

  const validate = (sql: unknown, caller = owner) =>
    call(running.baseUrl, 'POST', `/api/v1/spaces/${spaceId}/sql/validate`, { token: caller.tokens.accessToken, body: { sql } });

  it('should describe a valid statement: type and tables', async () => {
    const response = await validate('SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ valid: true, statementType: 'SELECT', tables: ['orders', 'customers'], errors: [] });
  });

  it('should point at the line and column of a syntax error', async () => {
    const response = await validate('SELECT id\nFROM orders\nWHERE id = = 3');

    expect(response.body.valid).toBe(false);
    expect(response.body.errors[0]).toMatchObject({ line: 3, column: expect.any(Number), message: expect.any(String) });
  });

  it('should answer identical SQL from the cache', async () => {
    const first = await validate('SELECT * FROM invoices');
    const second = await validate('SELECT * FROM invoices');

    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(second.body).toEqual(first.body);
  });

  it('should name the missing field and hide another tenant space', async () => {
    const missing = await validate(undefined);
    const foreignSpace = await validate('SELECT 1', foreign);

    expect(missing).toMatchObject({ status: 400, body: { details: expect.arrayContaining([expect.objectContaining({ field: 'sql' })]) } });
    expect(foreignSpace.status).toBe(404);
  });

  it('should answer 503 naming Calcite when it fails, then keep the circuit open without calling it', async () => {
    await target.server.failNext(1, status.UNAVAILABLE, 'calcite');

    const failed = await validate('SELECT 2 FROM dual_failure');
    const callsBefore = (await target.server.calls()).length;
    const whileOpen = await validate('SELECT 3 FROM dual_open');
    const ready = await call(running.baseUrl, 'GET', '/health/ready');

    expect(failed).toMatchObject({ status: 503, body: { error: 'DEPENDENCY_UNAVAILABLE', details: { dependency: 'calcite' } } });
    expect(whileOpen).toMatchObject({ status: 503, body: { error: 'DEPENDENCY_UNAVAILABLE', message: 'calcite is unavailable' } });
    expect((await target.server.calls()).length).toBe(callsBefore);
    expect(ready).toMatchObject({ status: 503, body: { details: { calcite: { status: 'down', circuit: 'open' } } } });
  });
});
