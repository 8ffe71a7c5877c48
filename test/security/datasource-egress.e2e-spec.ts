import { AuthUser } from '@switchyard/auth';
import { DatasourceService } from '@switchyard/datasource';
import { SeaTunnelClient } from '@switchyard/jvm-bridge';
import { createConnection } from 'mysql2/promise';
import { createCipheriv, randomBytes } from 'node:crypto';
import { JvmEmulator } from '../../apps/jvm-emulator/src';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, JsonResponse, call, insertTenantWithOwner, login } from '../support/identity';
import { TEST_REDIS_URL, TEST_SECRETS, runId } from '../support/test-environment';

// Random per run, so a match anywhere can only be a leak.
const ACME_PASSWORD = `acme-ds-${randomBytes(8).toString('hex')}`;
const GLOBEX_PASSWORD = `globex-ds-${randomBytes(8).toString('hex')}`;

const TEST_KEY = Buffer.from(TEST_SECRETS.DATASOURCE_ENCRYPTION_KEYS!.split(':')[1]!, 'base64');

/** A password as the previous version stored it: base64 of iv | tag | data, bound to no row. */
function sealAsVersion1(password: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', TEST_KEY, iv, { authTagLength: 16 });
  const data = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

const REFUSED_LITERALS = [
  '169.254.169.254',
  '127.0.0.1',
  '127.8.8.8',
  '::1',
  '0.0.0.0',
  '::',
  '::ffff:127.0.0.1',
  '::ffff:a9fe:a9fe',
  '64:ff9b::a9fe:a9fe',
  'fe80::1',
  '224.0.0.1',
  '255.255.255.255',
  'fd00:ec2::254',
];
const MALFORMED_HOSTS = [
  '[::1]',
  'mysql://10.0.0.1',
  'root@10.0.0.1',
  '10.0.0.1:3306',
  '10.0.0.1/db',
  'db.internal?x=1',
  'a&b',
  '0x7f.0.0.1',
  '2130706433',
];
const INJECTING_DATABASES = ['db?allowLoadLocalInfile=true', 'db&x=1', 'a/b', 'db;x', 'db#x', 'db x'];
const INJECTING_USERNAMES = ['reader;drop', 'reader&x=1', 'reader=x', 'reader/x', 'reader:x'];

interface StoredPassword {
  password_ciphertext: string;
  password_key_id: string;
}

describe('datasource hosts and identifiers attacked by a tenant (MariaDB + Redis, SeaTunnel emulated)', () => {
  const emulator = new JvmEmulator({ taskDurationMs: 60_000 });
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let environment: Record<string, string | undefined>;
  let node: RunningApp;
  let acme: Caller;
  let globex: Caller;
  let acmeSpaceId: string;
  let globexSpaceId: string;

  const sql = async <T>(statement: string, values: unknown[] = []): Promise<T[]> => {
    const connection = await createConnection({ uri: database.url });
    try {
      const [rows] = await connection.query(statement, values);
      return rows as T[];
    } finally {
      await connection.end();
    }
  };

  const storedPassword = async (id: string): Promise<StoredPassword> =>
    (await sql<StoredPassword>('SELECT password_ciphertext, password_key_id FROM datasources WHERE id = ?', [id]))[0]!;

  const authUserOf = async (running: RunningApp, caller: Caller): Promise<AuthUser> => {
    const me = await call(running.baseUrl, 'GET', '/api/v1/auth/me', { token: caller.tokens.accessToken });
    return { userId: me.body.id, tenantId: me.body.tenantId, username: me.body.username, role: me.body.role, sessionId: 'e2e' };
  };

  const definition = (overrides: Record<string, unknown> = {}) => ({
    name: `ds-${randomBytes(4).toString('hex')}`,
    type: 'mysql',
    host: '10.20.0.5',
    port: 3306,
    database: 'shop',
    username: 'reader',
    ...overrides,
  });

  const createIn = (running: RunningApp, caller: Caller, spaceId: string, overrides: Record<string, unknown> = {}): Promise<JsonResponse> =>
    call(running.baseUrl, 'POST', `/api/v1/spaces/${spaceId}/datasources`, {
      token: caller.tokens.accessToken,
      body: definition(overrides),
    });

  /** As globex, a customer of the platform: the attacker of this suite, with write rights in its own space. */
  const attack = (overrides: Record<string, unknown>): Promise<JsonResponse> => createIn(node, globex, globexSpaceId, overrides);

  const fieldsOf = (response: JsonResponse): string[] =>
    [...new Set(((response.body?.details ?? []) as Array<{ field: string }>).map((detail) => detail.field))].sort();

  beforeAll(async () => {
    const port = await emulator.start(0);
    database = await createTestDatabase('egress');
    environment = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:egress`,
      JVM_SEATUNNEL_ADDRESS: `127.0.0.1:${port}`,
      DATASOURCE_HOST_ALLOW: undefined,
      DATASOURCE_HOST_DENY: undefined,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'acme-owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    };
    node = await startApp(environment);
    await insertTenantWithOwner(database.url, 'globex', 'globex-owner', 'globex-owner-password');
    acme = await login(node.baseUrl, 'acme', 'acme-owner', 'acme-owner-password');
    globex = await login(node.baseUrl, 'globex', 'globex-owner', 'globex-owner-password');
    acmeSpaceId = (await call(node.baseUrl, 'POST', '/api/v1/spaces', { token: acme.tokens.accessToken, body: { name: 'Acme' } })).body.id;
    globexSpaceId = (await call(node.baseUrl, 'POST', '/api/v1/spaces', { token: globex.tokens.accessToken, body: { name: 'Globex' } }))
      .body.id;
  });

  afterAll(async () => {
    await node?.close();
    await emulator.stop();
    await database?.drop();
  });

  describe('hosts by default', () => {
    it('should refuse loopback, unspecified, link-local (metadata), multicast and broadcast literals with 400 naming host', async () => {
      const responses = await Promise.all(REFUSED_LITERALS.map((host) => attack({ host })));

      expect(responses.map((response) => [response.status, response.body.error, fieldsOf(response)])).toEqual(
        REFUSED_LITERALS.map(() => [400, 'DATASOURCE_HOST_NOT_ALLOWED', ['host']]),
      );
    });

    it('should refuse a name that resolves to loopback, saying so without naming the address', async () => {
      const response = await attack({ host: 'localhost' });

      expect(response).toMatchObject({
        status: 400,
        body: {
          error: 'DATASOURCE_HOST_NOT_ALLOWED',
          details: [{ field: 'host', reason: 'host resolves to a loopback address, which datasources may not reach' }],
        },
      });
      expect(JSON.stringify(response.body)).not.toContain('127.0.0.1');
    });

    it('should refuse cloud metadata names before any lookup', async () => {
      const responses = await Promise.all(
        ['metadata.google.internal', 'METADATA.GOOGLE.INTERNAL', 'metadata'].map((host) => attack({ host })),
      );

      expect(responses.map((response) => [response.status, response.body.details?.[0]?.reason])).toEqual(
        Array(3).fill([400, 'host is the name of a cloud metadata service, which datasources may not reach']),
      );
    });

    it('should answer 400 naming host for a name that does not resolve', async () => {
      const response = await attack({ host: 'orders-db.invalid' });

      expect(response).toMatchObject({
        status: 400,
        body: { error: 'DATASOURCE_HOST_UNRESOLVABLE', details: [{ field: 'host', reason: 'host does not resolve to any address' }] },
      });
    });

    it('should refuse hosts carrying a scheme, user information, a port, a path, parameters or brackets', async () => {
      const responses = await Promise.all(MALFORMED_HOSTS.map((host) => attack({ host })));

      expect(responses.map((response) => [response.status, response.body.error, fieldsOf(response)])).toEqual(
        MALFORMED_HOSTS.map(() => [400, 'VALIDATION_FAILED', ['host']]),
      );
    });

    it('should accept private IPv4 and unique-local IPv6 addresses', async () => {
      const hosts = ['10.20.0.5', '172.16.9.9', '192.168.44.2', 'fd12:3456::7', '::ffff:10.1.2.3'];

      const responses = await Promise.all(hosts.map((host) => attack({ host })));

      expect(responses.map((response) => [response.status, response.body.host])).toEqual(hosts.map((host) => [201, host]));
    });

    it('should refuse a change of host to the metadata address and keep the stored one', async () => {
      const created = await attack({ host: '10.20.0.9' });

      const changed = await call(node.baseUrl, 'PATCH', `/api/v1/spaces/${globexSpaceId}/datasources/${created.body.id}`, {
        token: globex.tokens.accessToken,
        body: { host: '169.254.169.254', port: 80 },
      });

      const stored = await sql<{ host: string; port: number }>('SELECT host, port FROM datasources WHERE id = ?', [created.body.id]);
      expect(changed).toMatchObject({ status: 400, body: { error: 'DATASOURCE_HOST_NOT_ALLOWED', details: [{ field: 'host' }] } });
      expect(stored).toEqual([{ host: '10.20.0.9', port: 3306 }]);
    });
  });

  describe('identifiers that end up in connection strings', () => {
    it('should refuse database names that add parameters, paths or statements with 400 naming database', async () => {
      const responses = await Promise.all(INJECTING_DATABASES.map((name) => attack({ database: name })));

      expect(responses.map((response) => [response.status, response.body.error, fieldsOf(response)])).toEqual(
        INJECTING_DATABASES.map(() => [400, 'VALIDATION_FAILED', ['database']]),
      );
    });

    it('should refuse usernames with separators with 400 naming username', async () => {
      const responses = await Promise.all(INJECTING_USERNAMES.map((username) => attack({ username })));

      expect(responses.map((response) => [response.status, fieldsOf(response)])).toEqual(
        INJECTING_USERNAMES.map(() => [400, ['username']]),
      );
    });

    it('should refuse driver options outside the supported list with 400 naming options', async () => {
      const responses = await Promise.all(
        [{ allowLoadLocalInfile: true }, { autoDeserialize: true }, { socketFactory: 'x' }, { sslmode: 'require&sslfactory=x' }].map(
          (options) => attack({ options }),
        ),
      );

      expect(responses.map((response) => [response.status, fieldsOf(response)])).toEqual(Array(4).fill([400, ['options']]));
    });

    it('should have stored none of the refused definitions', async () => {
      const stored = await sql(
        `SELECT id FROM datasources WHERE host IN (?) OR host IN (?) OR host = 'localhost' OR host LIKE 'metadata%'
           OR database_name IN (?) OR username IN (?) OR options LIKE '%allowLoadLocalInfile%'`,
        [REFUSED_LITERALS, MALFORMED_HOSTS, INJECTING_DATABASES, INJECTING_USERNAMES],
      );

      expect(stored).toEqual([]);
    });
  });

  describe('just before a sync run is submitted', () => {
    const createJob = async (sourceId: string, targetId: string): Promise<string> =>
      (
        await call(node.baseUrl, 'POST', `/api/v1/spaces/${globexSpaceId}/sync-jobs`, {
          token: globex.tokens.accessToken,
          body: {
            name: `job-${randomBytes(4).toString('hex')}`,
            sourceDatasourceId: sourceId,
            targetDatasourceId: targetId,
            tableMapping: { orders: 'orders' },
          },
        })
      ).body.id;
    const startRun = (jobId: string) =>
      call(node.baseUrl, 'POST', `/api/v1/spaces/${globexSpaceId}/sync-jobs/${jobId}/runs`, { token: globex.tokens.accessToken });
    const submissions = () => emulator.calls.filter((recorded) => recorded.method === 'SubmitTask').length;

    it('should hand SeaTunnel the connection string of allowed datasources, IPv6 in brackets', async () => {
      const source = (await attack({ host: 'fd12:3456::7', database: 'shop' })).body.id;
      const target = (await attack({ host: '10.20.0.5', database: 'warehouse$eu' })).body.id;
      const jobId = await createJob(source, target);

      const started = await startRun(jobId);

      const [run] = await sql<{ task_id: string }>('SELECT task_id FROM sync_runs WHERE id = ?', [started.body.id]);
      const task = await node.app.get(SeaTunnelClient).status(run!.task_id);
      expect(started.status).toBe(202);
      expect([task.source, task.target]).toEqual(['mysql://[fd12:3456::7]:3306/shop', 'mysql://10.20.0.5:3306/warehouse$eu']);
    });

    it('should refuse a stored host that is refused now, naming the datasource, and submit nothing', async () => {
      const source = (await attack({ host: '10.20.0.6' })).body.id;
      const target = (await attack({ host: '10.20.0.7' })).body.id;
      const jobId = await createJob(source, target);
      // What a row written before these rules, or a name rebound to loopback, looks like by the time the run starts.
      await sql('UPDATE datasources SET host = ? WHERE id = ?', ['127.0.0.1', source]);
      const before = submissions();

      const started = await startRun(jobId);

      expect(started).toMatchObject({
        status: 400,
        body: { error: 'DATASOURCE_HOST_NOT_ALLOWED', message: expect.stringContaining(`Datasource ${source} cannot be used`) },
      });
      expect(submissions()).toBe(before);
      expect(await sql('SELECT id FROM sync_runs WHERE job_id = ?', [jobId])).toEqual([]);
    });

    it('should refuse a stored row whose database name breaks the rules with 409, and submit nothing', async () => {
      const source = (await attack({})).body.id;
      const target = (await attack({})).body.id;
      const jobId = await createJob(source, target);
      await sql('UPDATE datasources SET database_name = ? WHERE id = ?', ['shop?allowLoadLocalInfile=true', target]);
      const before = submissions();

      const started = await startRun(jobId);

      expect(started).toMatchObject({ status: 409, body: { error: 'DATASOURCE_DEFINITION_INVALID', details: [{ field: 'database' }] } });
      expect(submissions()).toBe(before);
    });
  });

  describe('stored passwords', () => {
    it("should refuse another tenant's ciphertext copied into a row, never revealing its password", async () => {
      const acmeRow = (await createIn(node, acme, acmeSpaceId, { password: ACME_PASSWORD })).body.id;
      const globexRow = (await attack({ password: GLOBEX_PASSWORD })).body.id;
      const stolen = await storedPassword(acmeRow);
      await sql('UPDATE datasources SET password_ciphertext = ?, password_key_id = ? WHERE id = ?', [
        stolen.password_ciphertext,
        stolen.password_key_id,
        globexRow,
      ]);
      const service = node.app.get(DatasourceService);

      const swapped = service.revealPassword(await authUserOf(node, globex), globexSpaceId, globexRow);

      await expect(swapped).rejects.toMatchObject({ code: 'DATASOURCE_PASSWORD_UNREADABLE', status: 500 });
      await expect(swapped).rejects.not.toMatchObject({ message: expect.stringContaining(ACME_PASSWORD) });
      await expect(service.revealPassword(await authUserOf(node, acme), acmeSpaceId, acmeRow)).resolves.toBe(ACME_PASSWORD);
    });

    it('should refuse a ciphertext copied between two datasources of the same space', async () => {
      const first = (await attack({ password: GLOBEX_PASSWORD })).body.id;
      const second = (await attack({ password: 'another-password' })).body.id;
      const copied = await storedPassword(first);
      await sql('UPDATE datasources SET password_ciphertext = ? WHERE id = ?', [copied.password_ciphertext, second]);

      const revealed = node.app.get(DatasourceService).revealPassword(await authUserOf(node, globex), globexSpaceId, second);

      await expect(revealed).rejects.toMatchObject({ code: 'DATASOURCE_PASSWORD_UNREADABLE' });
    });

    it('should read a v1 ciphertext and seal it to its row on that read', async () => {
      const id = (await attack({ password: 'replaced-below' })).body.id;
      await sql('UPDATE datasources SET password_ciphertext = ? WHERE id = ?', [sealAsVersion1(GLOBEX_PASSWORD), id]);

      const revealed = await node.app.get(DatasourceService).revealPassword(await authUserOf(node, globex), globexSpaceId, id);

      expect(revealed).toBe(GLOBEX_PASSWORD);
      expect(await storedPassword(id)).toEqual({ password_ciphertext: expect.stringMatching(/^v2:/), password_key_id: 'test' });
    });

    it('should seal every v1 row when a node starts, keeping updated_at', async () => {
      const id = (await attack({ password: 'replaced-below' })).body.id;
      await sql('UPDATE datasources SET password_ciphertext = ? WHERE id = ?', [sealAsVersion1(ACME_PASSWORD), id]);
      const [before] = await sql<{ updated_at: Date }>('SELECT updated_at FROM datasources WHERE id = ?', [id]);

      const second = await startApp(environment);
      try {
        const stored = await storedPassword(id);
        const [after] = await sql<{ updated_at: Date }>('SELECT updated_at FROM datasources WHERE id = ?', [id]);
        const revealed = await second.app.get(DatasourceService).revealPassword(await authUserOf(second, globex), globexSpaceId, id);

        expect(stored.password_ciphertext).toMatch(/^v2:/);
        expect(after!.updated_at).toEqual(before!.updated_at);
        expect(revealed).toBe(ACME_PASSWORD);
      } finally {
        await second.close();
      }
    });
  });

  describe('with DATASOURCE_HOST_ALLOW and DATASOURCE_HOST_DENY set', () => {
    let restricted: RunningApp;

    beforeAll(async () => {
      restricted = await startApp({ ...environment, DATASOURCE_HOST_ALLOW: 'loopback, 10.0.0.0/8', DATASOURCE_HOST_DENY: '10.66.0.0/16' });
    });

    afterAll(async () => {
      await restricted?.close();
    });

    const attackRestricted = (host: string): Promise<JsonResponse> => createIn(restricted, globex, globexSpaceId, { host });

    it('should accept loopback re-opened by ALLOW, by address and by name (a MariaDB on this machine)', async () => {
      const responses = await Promise.all(['127.0.0.1', 'localhost', '::1'].map(attackRestricted));

      expect(responses.map((response) => response.status)).toEqual([201, 201, 201]);
    });

    it('should accept what ALLOW lists and refuse what it does not', async () => {
      const responses = await Promise.all(['10.1.2.3', '192.168.1.1', 'fd12::1'].map(attackRestricted));

      expect(responses.map((response) => [response.status, response.body.details?.[0]?.reason])).toEqual([
        [201, undefined],
        [400, 'host is an address outside the ones this deployment allows to datasources (DATASOURCE_HOST_ALLOW)'],
        [400, 'host is an address outside the ones this deployment allows to datasources (DATASOURCE_HOST_ALLOW)'],
      ]);
    });

    it('should refuse what DENY lists inside ALLOW, and the metadata address ALLOW does not name', async () => {
      const responses = await Promise.all(['10.66.1.1', '169.254.169.254'].map(attackRestricted));

      expect(responses.map((response) => [response.status, response.body.details?.[0]?.reason])).toEqual([
        [400, 'host is an address this deployment denies to datasources (DATASOURCE_HOST_DENY)'],
        [400, 'host is a link-local address, which datasources may not reach'],
      ]);
    });

    it('should refuse an allowed loopback host on a node without ALLOW, when the run would start there', async () => {
      const source = (await attackRestricted('127.0.0.1')).body.id;
      const target = (await attackRestricted('10.1.2.4')).body.id;
      const job = await call(node.baseUrl, 'POST', `/api/v1/spaces/${globexSpaceId}/sync-jobs`, {
        token: globex.tokens.accessToken,
        body: {
          name: `cross-node-${randomBytes(3).toString('hex')}`,
          sourceDatasourceId: source,
          targetDatasourceId: target,
          tableMapping: { a: 'b' },
        },
      });

      const started = await call(node.baseUrl, 'POST', `/api/v1/spaces/${globexSpaceId}/sync-jobs/${job.body.id}/runs`, {
        token: globex.tokens.accessToken,
      });

      expect(started).toMatchObject({ status: 400, body: { error: 'DATASOURCE_HOST_NOT_ALLOWED' } });
    });
  });

  describe('secrets', () => {
    it('should never write a datasource password to the logs', () => {
      const logs = node.logs.raw.join('\n');

      expect(node.logs.raw.length).toBeGreaterThan(0);
      expect(logs).not.toContain(ACME_PASSWORD);
      expect(logs).not.toContain(GLOBEX_PASSWORD);
    });
  });
});
