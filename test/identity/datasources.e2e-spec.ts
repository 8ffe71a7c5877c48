import { AuthUser } from '@switchyard/auth';
import { DatasourceService } from '@switchyard/datasource';
import { createConnection } from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, JsonResponse, call, createUserAndLogin, insertTenantWithOwner, login } from '../support/identity';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

// Random per run, so a match in a response or a log line can only be a leak.
const PASSWORD = `ds-secret-${randomBytes(8).toString('hex')}`;
const NEW_PASSWORD = `ds-rotated-${randomBytes(8).toString('hex')}`;
const REJECTED_PASSWORD = `ds-rejected-${randomBytes(8).toString('hex')}`;

interface StoredRow {
  password_ciphertext: string;
  password_key_id: string;
}

describe('datasources over HTTP on MariaDB and Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let running: RunningApp;
  let owner: Caller;
  let foreignOwner: Caller;
  let viewer: Caller & { id: string };
  let outsider: Caller & { id: string };
  let spaceId: string;
  let siblingSpaceId: string;
  let foreignSpaceId: string;
  let datasourceId: string;
  const responseTexts: string[] = [];

  const sql = async <T>(statement: string, values: unknown[] = []): Promise<T[]> => {
    const connection = await createConnection({ uri: database.url });
    try {
      const [rows] = await connection.query(statement, values);
      return rows as T[];
    } finally {
      await connection.end();
    }
  };

  // Tenant B is inserted directly: the bootstrap only ever makes one tenant.
  /** Every response of this suite goes through here, so the last test can search all their raw text. */
  const send = async (
    method: string,
    path: string,
    caller: Caller | undefined,
    body?: unknown,
  ): Promise<JsonResponse & { text: string }> => {
    const response = await fetch(`${running.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(caller ? caller.headers : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    responseTexts.push(text);
    return { status: response.status, text, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };

  const createSpace = async (caller: Caller, name: string): Promise<string> => {
    const created = await call(running.baseUrl, 'POST', '/api/v1/spaces', { token: caller.tokens.accessToken, body: { name } });
    if (created.status !== 201) throw new Error(`creating space ${name} failed: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id;
  };

  const authUserOf = async (caller: Caller): Promise<AuthUser> => {
    const me = await call(running.baseUrl, 'GET', '/api/v1/auth/me', { token: caller.tokens.accessToken });
    return { userId: me.body.id, tenantId: me.body.tenantId, username: me.body.username, role: me.body.role, sessionId: 'e2e' };
  };

  const storedRow = async (id: string): Promise<StoredRow> => {
    const [row] = await sql<StoredRow>('SELECT password_ciphertext, password_key_id FROM datasources WHERE id = ?', [id]);
    if (!row) throw new Error(`datasource ${id} is not in the database`);
    return row;
  };

  const definition = (name: string) => ({
    name,
    type: 'mysql',
    host: '10.20.30.40',
    port: 3306,
    database: 'orders',
    username: 'reporting',
    password: PASSWORD,
    options: { useSSL: true, connectTimeout: 10 },
  });

  beforeAll(async () => {
    database = await createTestDatabase('ds');
    running = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:ds`,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'acme-owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    await insertTenantWithOwner(database.url, 'globex', 'globex-owner', 'globex-owner-password');
    owner = await login(running.baseUrl, 'acme', 'acme-owner', 'acme-owner-password');
    foreignOwner = await login(running.baseUrl, 'globex', 'globex-owner', 'globex-owner-password');
    viewer = await createUserAndLogin(running.baseUrl, owner, 'acme', 'ds-viewer', 'member');
    outsider = await createUserAndLogin(running.baseUrl, owner, 'acme', 'ds-outsider', 'member');
    spaceId = await createSpace(owner, 'Analytics');
    siblingSpaceId = await createSpace(owner, 'Finance');
    foreignSpaceId = await createSpace(foreignOwner, 'Globex analytics');
    const membership = await call(running.baseUrl, 'PUT', `/api/v1/spaces/${spaceId}/members/${viewer.id}`, {
      token: owner.tokens.accessToken,
      body: { role: 'viewer' },
    });
    if (membership.status !== 200)
      throw new Error(`making ds-viewer a viewer failed: ${membership.status} ${JSON.stringify(membership.body)}`);
  });

  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });

  describe('POST /spaces/:spaceId/datasources', () => {
    it('should create the datasource and answer 201 without the password', async () => {
      const created = await send('POST', `/spaces/${spaceId}/datasources`, owner, definition('Orders replica'));
      datasourceId = created.body.id;

      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        spaceId,
        name: 'Orders replica',
        type: 'mysql',
        host: '10.20.30.40',
        port: 3306,
        database: 'orders',
        username: 'reporting',
        options: { useSSL: true, connectTimeout: 10 },
        hasPassword: true,
        createdBy: expect.any(String),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(created.text).not.toContain(PASSWORD);
    });

    it('should store the password as ciphertext under a key id, and decrypt it for internal callers', async () => {
      const row = await storedRow(datasourceId);

      const revealed = await running.app.get(DatasourceService).revealPassword(await authUserOf(owner), spaceId, datasourceId);

      const packed = Buffer.from(row.password_ciphertext.replace(/^v2:/, ''), 'base64');
      expect(row.password_key_id).toBe('test');
      expect(row.password_ciphertext).toMatch(/^v2:/);
      expect(row.password_ciphertext).not.toContain(PASSWORD);
      expect(packed.toString('latin1')).not.toContain(PASSWORD);
      expect(packed.length).toBe(12 + 16 + PASSWORD.length);
      expect(revealed).toBe(PASSWORD);
    });

    it('should answer 409 naming the field when the name is taken in the space', async () => {
      const duplicate = await send('POST', `/spaces/${spaceId}/datasources`, owner, definition('Orders replica'));

      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ error: 'DATASOURCE_NAME_TAKEN', details: [{ field: 'name' }] });
    });

    it('should answer 400 naming the field for a port out of range', async () => {
      const invalid = await send('POST', `/spaces/${spaceId}/datasources`, owner, {
        ...definition('Bad port'),
        port: 70000,
        password: REJECTED_PASSWORD,
      });

      expect(invalid.status).toBe(400);
      expect(invalid.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'port' })] });
    });

    it('should answer 400 naming each bad field of a definition', async () => {
      const invalid = await send('POST', `/spaces/${spaceId}/datasources`, owner, {
        ...definition(' '),
        type: 'mongodb',
        host: 'not a host',
        options: { nested: { a: 1 } },
      });

      expect(invalid.status).toBe(400);
      expect(invalid.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['host', 'name', 'options', 'type']);
    });

    it('should answer 401 without a token', async () => {
      const anonymous = await send('POST', `/spaces/${spaceId}/datasources`, undefined, definition('Anonymous'));

      expect(anonymous.status).toBe(401);
    });
  });

  describe('GET /spaces/:spaceId/datasources', () => {
    it('should page through the space with a cursor, never repeating or skipping a row', async () => {
      for (const name of ['Warehouse', 'Events'])
        await send('POST', `/spaces/${spaceId}/datasources`, owner, { ...definition(name), password: undefined });

      const first = await send('GET', `/spaces/${spaceId}/datasources?limit=2`, owner);
      const second = await send('GET', `/spaces/${spaceId}/datasources?limit=2&cursor=${first.body.nextCursor}`, owner);

      expect(first.status).toBe(200);
      expect(first.body.items.map((item: { name: string }) => item.name)).toEqual(['Orders replica', 'Warehouse']);
      expect(second.body.items.map((item: { name: string }) => item.name)).toEqual(['Events']);
      expect(second.body.nextCursor).toBeNull();
      expect(first.body.items.map((item: { hasPassword: boolean }) => item.hasPassword)).toEqual([true, false]);
    });

    it('should list nothing of another space of the same tenant', async () => {
      const sibling = await send('GET', `/spaces/${siblingSpaceId}/datasources`, owner);

      expect(sibling.status).toBe(200);
      expect(sibling.body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('GET /spaces/:spaceId/datasources/:id', () => {
    it('should answer the datasource without the password', async () => {
      const found = await send('GET', `/spaces/${spaceId}/datasources/${datasourceId}`, owner);

      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id: datasourceId, hasPassword: true });
      expect(found.text).not.toContain(PASSWORD);
    });

    it('should answer 404 for the id under another space of the same tenant', async () => {
      const elsewhere = await send('GET', `/spaces/${siblingSpaceId}/datasources/${datasourceId}`, owner);

      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body).toMatchObject({ error: 'DATASOURCE_NOT_FOUND' });
    });
  });

  describe('PATCH /spaces/:spaceId/datasources/:id', () => {
    it('should change fields and re-encrypt a new password, never echoing it', async () => {
      const before = await storedRow(datasourceId);

      const updated = await send('PATCH', `/spaces/${spaceId}/datasources/${datasourceId}`, owner, { port: 3307, password: NEW_PASSWORD });

      const after = await storedRow(datasourceId);
      const revealed = await running.app.get(DatasourceService).revealPassword(await authUserOf(owner), spaceId, datasourceId);
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ port: 3307, name: 'Orders replica', hasPassword: true });
      expect(updated.text).not.toContain(NEW_PASSWORD);
      expect(after.password_ciphertext).not.toBe(before.password_ciphertext);
      expect(after.password_key_id).toBe('test');
      expect(revealed).toBe(NEW_PASSWORD);
    });

    it('should keep the stored password when the change does not carry one', async () => {
      const before = await storedRow(datasourceId);

      const updated = await send('PATCH', `/spaces/${spaceId}/datasources/${datasourceId}`, owner, { options: { useSSL: false } });

      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ options: { useSSL: false }, hasPassword: true });
      expect((await storedRow(datasourceId)).password_ciphertext).toBe(before.password_ciphertext);
    });

    it('should answer 400 for a null name rather than writing it', async () => {
      const invalid = await send('PATCH', `/spaces/${spaceId}/datasources/${datasourceId}`, owner, { name: null });

      expect(invalid.status).toBe(400);
      expect([...new Set(invalid.body.details.map((detail: { field: string }) => detail.field))]).toEqual(['name']);
    });
  });

  describe('another tenant', () => {
    it('should get 404 on get, patch and delete through the owning space', async () => {
      const path = `/spaces/${spaceId}/datasources/${datasourceId}`;

      const statuses = [
        (await send('GET', path, foreignOwner)).status,
        (await send('PATCH', path, foreignOwner, { port: 1 })).status,
        (await send('DELETE', path, foreignOwner)).status,
        (await send('GET', `/spaces/${spaceId}/datasources`, foreignOwner)).status,
      ];

      expect(statuses).toEqual([404, 404, 404, 404]);
      expect((await send('GET', path, owner)).body).toMatchObject({ port: 3307 });
    });

    it('should get 404 for the id through a space of its own', async () => {
      const path = `/spaces/${foreignSpaceId}/datasources/${datasourceId}`;

      const responses = [
        await send('GET', path, foreignOwner),
        await send('PATCH', path, foreignOwner, { port: 1 }),
        await send('DELETE', path, foreignOwner),
      ];

      expect(responses.map((response) => [response.status, response.body.error])).toEqual([
        [404, 'DATASOURCE_NOT_FOUND'],
        [404, 'DATASOURCE_NOT_FOUND'],
        [404, 'DATASOURCE_NOT_FOUND'],
      ]);
    });
  });

  describe('a space viewer', () => {
    it('should read the list and the datasource', async () => {
      const list = await send('GET', `/spaces/${spaceId}/datasources`, viewer);
      const one = await send('GET', `/spaces/${spaceId}/datasources/${datasourceId}`, viewer);

      expect([list.status, one.status]).toEqual([200, 200]);
      expect(one.text).not.toContain(NEW_PASSWORD);
    });

    it('should get 403 on create, patch and delete', async () => {
      const path = `/spaces/${spaceId}/datasources/${datasourceId}`;

      const statuses = [
        (await send('POST', `/spaces/${spaceId}/datasources`, viewer, definition('By a viewer'))).status,
        (await send('PATCH', path, viewer, { port: 1 })).status,
        (await send('DELETE', path, viewer)).status,
      ];

      expect(statuses).toEqual([403, 403, 403]);
    });
  });

  describe('a tenant member without membership', () => {
    it('should get 404 for the space on every route', async () => {
      const path = `/spaces/${spaceId}/datasources/${datasourceId}`;

      const responses = [
        await send('GET', `/spaces/${spaceId}/datasources`, outsider),
        await send('GET', path, outsider),
        await send('POST', `/spaces/${spaceId}/datasources`, outsider, definition('By an outsider')),
        await send('PATCH', path, outsider, { port: 1 }),
        await send('DELETE', path, outsider),
      ];

      expect(responses.map((response) => [response.status, response.body.error])).toEqual(Array(5).fill([404, 'SPACE_NOT_FOUND']));
    });
  });

  describe('DELETE /spaces/:spaceId/datasources/:id', () => {
    it('should answer 204, then 404 for the deleted datasource', async () => {
      const deleted = await send('DELETE', `/spaces/${spaceId}/datasources/${datasourceId}`, owner);

      const after = await send('GET', `/spaces/${spaceId}/datasources/${datasourceId}`, owner);
      const again = await send('DELETE', `/spaces/${spaceId}/datasources/${datasourceId}`, owner);

      expect(deleted.status).toBe(204);
      expect([after.status, again.status]).toEqual([404, 404]);
      expect(await sql('SELECT id FROM datasources WHERE id = ?', [datasourceId])).toEqual([]);
    });
  });

  describe('GET /docs-json', () => {
    it('should document the datasource routes with a response schema that has no password', async () => {
      const document = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as {
        paths: Record<string, object>;
        components: { schemas: Record<string, { properties: object }> };
      };

      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/api/v1/spaces/{spaceId}/datasources', '/api/v1/spaces/{spaceId}/datasources/{id}']),
      );
      expect(Object.keys(document.components.schemas.DatasourceDto!.properties)).toContain('hasPassword');
      expect(
        Object.keys(document.components.schemas.DatasourceDto!.properties).filter((name) => /password|cipher|key/i.test(name)),
      ).toEqual(['hasPassword']);
    });
  });

  describe('deleting a space', () => {
    it('should delete its datasources with it', async () => {
      const temporarySpaceId = await createSpace(owner, 'Temporary');
      const created = await send('POST', `/spaces/${temporarySpaceId}/datasources`, owner, definition('Short-lived'));

      const deleted = await call(running.baseUrl, 'DELETE', `/api/v1/spaces/${temporarySpaceId}`, { token: owner.tokens.accessToken });

      expect([created.status, deleted.status]).toEqual([201, 204]);
      expect(await sql('SELECT id FROM datasources WHERE space_id = ?', [temporarySpaceId])).toEqual([]);
    });
  });

  describe('secrets', () => {
    it('should never put a password or a stored ciphertext in any response', async () => {
      const ciphertexts = (await sql<StoredRow>('SELECT password_ciphertext FROM datasources'))
        .map((row) => row.password_ciphertext)
        .filter(Boolean);

      const leaks = responseTexts.filter((text) =>
        [PASSWORD, NEW_PASSWORD, REJECTED_PASSWORD, ...ciphertexts].some((secret) => text.includes(secret)),
      );

      expect(responseTexts.length).toBeGreaterThan(20);
      expect(leaks).toEqual([]);
    });

    it('should never write a datasource password to the logs', () => {
      const logs = running.logs.raw.join('\n');

      expect(running.logs.raw.length).toBeGreaterThan(0);
      expect(logs).not.toContain(PASSWORD);
      expect(logs).not.toContain(NEW_PASSWORD);
      expect(logs).not.toContain(REJECTED_PASSWORD);
    });
  });
});

describe('datasources on the embedded profile (SQLite, in-process stores)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-embedded-datasources-'));
  let running: RunningApp;
  let owner: Caller;
  let spaceId: string;

  beforeAll(async () => {
    running = await startApp({
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      DATABASE_SQLITE_PATH: join(directory, 'db.sqlite'),
      BOOTSTRAP_TENANT: 'local',
      BOOTSTRAP_ADMIN_USER: 'admin',
      BOOTSTRAP_ADMIN_PASSWORD: 'local-admin-password',
    });
    owner = await login(running.baseUrl, 'local', 'admin', 'local-admin-password');
    spaceId = (await call(running.baseUrl, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Local' } })).body.id;
  });

  afterAll(async () => {
    await running?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('should let datasources reach loopback (the developer’s own databases) but not the metadata address', async () => {
    const path = `/api/v1/spaces/${spaceId}/datasources`;
    const body = (name: string, host: string) => ({ name, type: 'mysql', host, port: 3306, database: 'db' });

    const loopback = await call(running.baseUrl, 'POST', path, {
      token: owner.tokens.accessToken,
      body: body('local-mariadb', '127.0.0.1'),
    });
    const metadata = await call(running.baseUrl, 'POST', path, {
      token: owner.tokens.accessToken,
      body: body('metadata', '169.254.169.254'),
    });
    await call(running.baseUrl, 'DELETE', `${path}/${loopback.body.id}`, { token: owner.tokens.accessToken });

    expect(loopback.status).toBe(201);
    expect(metadata).toMatchObject({ status: 400, body: { error: 'DATASOURCE_HOST_NOT_ALLOWED', details: [{ field: 'host' }] } });
  });

  it('should create, page, rename onto a taken name (409), update and delete', async () => {
    const path = `/api/v1/spaces/${spaceId}/datasources`;
    const token = owner.tokens.accessToken;
    const created: JsonResponse[] = [];
    for (const name of ['one', 'two', 'three'])
      created.push(
        await call(running.baseUrl, 'POST', path, {
          token,
          body: {
            name,
            type: 'postgresql',
            host: '127.0.0.1',
            port: 5432,
            database: 'db',
            password: PASSWORD,
            options: { sslmode: 'require' },
          },
        }),
      );

    const first = await call(running.baseUrl, 'GET', `${path}?limit=2`, { token });
    const second = await call(running.baseUrl, 'GET', `${path}?limit=2&cursor=${first.body.nextCursor}`, { token });
    const taken = await call(running.baseUrl, 'PATCH', `${path}/${created[2]!.body.id}`, { token, body: { name: 'one' } });
    const updated = await call(running.baseUrl, 'PATCH', `${path}/${created[2]!.body.id}`, { token, body: { port: 5433, password: null } });
    const deleted = await call(running.baseUrl, 'DELETE', `${path}/${created[0]!.body.id}`, { token });

    expect(created.map((response) => response.status)).toEqual([201, 201, 201]);
    expect([...first.body.items, ...second.body.items].map((item: { name: string }) => item.name)).toEqual(['one', 'two', 'three']);
    expect(first.body.items[0]).toMatchObject({ options: { sslmode: 'require' }, hasPassword: true });
    expect(taken).toMatchObject({ status: 409, body: { error: 'DATASOURCE_NAME_TAKEN' } });
    expect(updated).toMatchObject({ status: 200, body: { port: 5433, hasPassword: false } });
    expect(deleted.status).toBe(204);
    expect(JSON.stringify([...created, first, second, updated].map((response) => response.body))).not.toContain(PASSWORD);
  });
});
