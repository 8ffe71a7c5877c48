import { Client, Metadata, ServiceClientConstructor, ServiceError, credentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PlatformGrpcServer } from '@switchyard/platform-grpc';
import { createSigner } from 'fast-jwt';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, JsonResponse, call, createUserAndLogin, insertTenantWithOwner, login } from '../support/identity';
import { TEST_REDIS_URL, TEST_SECRETS, runId } from '../support/test-environment';
import { TestSocket } from '../support/ws-client';

/** Raw HTTP, for what `fetch` refuses to send: bodies that lie about their type, oversized headers. */
function raw(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${baseUrl}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // Not every refusal comes from the app (Node answers 431 itself); the status says enough.
        }
        resolve({ status: response.statusCode ?? 0, body: parsed, headers: new Headers() });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const fieldsOf = (response: JsonResponse): string[] =>
  ((response.body?.details ?? []) as Array<{ field: string }>).map((entry) => entry.field);

describe('hostile input on every public surface (MariaDB, Redis, HTTP, WebSocket, gRPC)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let node: RunningApp;
  let owner: Caller;
  let member: Caller & { id: string };
  let globex: Caller;
  let spaceId: string;
  let grpcClient: Client;
  const sockets: TestSocket[] = [];
  const authorized = (caller: Caller) => ({ authorization: `Bearer ${caller.tokens.accessToken}`, 'content-type': 'application/json' });

  beforeAll(async () => {
    database = await createTestDatabase('hostile');
    node = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:hostile`,
      GRPC_PORT: '0',
      LOGIN_THROTTLE_IP_LIMIT: '1000',
      BODY_LIMIT_BYTES: '65536',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    owner = await login(node.baseUrl, 'acme', 'owner', 'acme-owner-password');
    member = await createUserAndLogin(node.baseUrl, owner, 'acme', 'mia', 'member');
    globex = await login(node.baseUrl, 'globex', 'boss', 'globex-boss-password');
    spaceId = (await call(node.baseUrl, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Finance' } })).body.id;
    const definition = loadSync(join(__dirname, '..', '..', 'proto', 'platform.proto'), { longs: Number, enums: String, defaults: true });
    const packages = loadPackageDefinition(definition) as unknown as { platform: { v1: { PlatformService: ServiceClientConstructor } } };
    grpcClient = new packages.platform.v1.PlatformService(
      `127.0.0.1:${node.app.get(PlatformGrpcServer).boundPort}`,
      credentials.createInsecure(),
    );
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    grpcClient?.close();
    await node?.close();
    await database?.drop();
  });

  afterEach(async () => {
    // Whatever a test threw at it, the node keeps serving.
    expect((await fetch(`${node.baseUrl}/health/ready`)).status).toBe(200);
  });

  describe('HTTP bodies', () => {
    it('should answer malformed, empty and mistyped JSON with 400 naming the problem', async () => {
      const answers = await Promise.all([
        raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), '{"name": "x",'),
        raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), ''),
        raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), '["name"]'),
        raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), '"Finance"'),
        raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), 'null'),
        raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), '{"name": 42}'),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400, 400]);
      for (const answer of answers)
        expect(answer.body).toMatchObject({ statusCode: 400, error: expect.any(String), message: expect.any(String) });
      expect(answers[0]!.body.error).toBe('MALFORMED_JSON');
      expect(fieldsOf(answers[5]!)).toContain('name');
    });

    it('should refuse a body over BODY_LIMIT_BYTES with 413 and an unsupported type with 415', async () => {
      const oversized = JSON.stringify({ name: 'x'.repeat(70_000) });

      const [tooLarge, wrongType] = await Promise.all([
        raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), oversized),
        raw(node.baseUrl, 'POST', '/api/v1/spaces', { ...authorized(owner), 'content-type': 'application/xml' }, '<space name="x"/>'),
      ]);

      expect([tooLarge.status, tooLarge.body.error]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      expect([wrongType.status, wrongType.body.error]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    it('should refuse fields the API does not take (mass assignment) and name each', async () => {
      const created = await call(node.baseUrl, 'POST', '/api/v1/spaces', {
        token: owner.tokens.accessToken,
        body: { name: 'Takeover', tenantId: 'another-tenant', id: 'chosen-id', createdAt: '1970-01-01' },
      });
      const promoted = await call(node.baseUrl, 'PATCH', `/api/v1/users/${member.id}`, {
        token: owner.tokens.accessToken,
        body: { role: 'member', tenantId: 'another-tenant', passwordHash: 'x' },
      });

      expect(created.status).toBe(400);
      expect(fieldsOf(created).sort()).toEqual(['createdAt', 'id', 'tenantId']);
      expect(promoted.status).toBe(400);
      expect(fieldsOf(promoted).sort()).toEqual(['passwordHash', 'tenantId']);
    });

    it('should not let a __proto__ or constructor key pollute the process', async () => {
      const answers = await Promise.all([
        raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), '{"name":"Proto","__proto__":{"polluted":"yes"}}'),
        raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), '{"name":"Ctor","constructor":{"prototype":{"polluted":"yes"}}}'),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([400, 400]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('should survive deeply nested JSON and answer it with 400', async () => {
      const nested = `{"name":"Deep","x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;

      const answer = await raw(node.baseUrl, 'POST', '/api/v1/spaces', authorized(owner), nested);

      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'MALFORMED_JSON', message: 'Request body nests deeper than 32 levels' });
    });
  });

  describe('HTTP ids, queries and headers', () => {
    it('should answer ids that are not ids with 400, 404 or 414, never 500, and never reach another tenant', async () => {
      const ids = [
        "' OR '1'='1",
        '../../etc/passwd',
        '%00',
        'x'.repeat(5_000),
        spaceId.toUpperCase(),
        '00000000-0000-0000-0000-000000000000',
      ];

      const answers = await Promise.all(
        ids.map((id) => call(node.baseUrl, 'GET', `/api/v1/spaces/${encodeURIComponent(id)}`, { token: globex.tokens.accessToken })),
      );
      const own = await call(node.baseUrl, 'GET', `/api/v1/spaces/${spaceId}`, { token: globex.tokens.accessToken });

      for (const answer of answers) expect([400, 404, 414]).toContain(answer.status);
      expect(own.status).toBe(404);
    });

    it('should refuse out-of-range and malformed pagination with 400 naming the parameter', async () => {
      const answers = await Promise.all(
        [
          'limit=0',
          'limit=1000000',
          'limit=1;DROP%20TABLE%20users',
          'limit[]=1',
          'cursor=not-a-cursor',
          'cursor=' + Buffer.from('["x",1]').toString('base64url'),
        ].map((query) => call(node.baseUrl, 'GET', `/api/v1/users?${query}`, { token: owner.tokens.accessToken })),
      );

      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400, 400]);
      expect(answers.map((answer) => fieldsOf(answer)[0])).toEqual(['limit', 'limit', 'limit', 'limit[]', 'cursor', 'cursor']);
    });

    it('should answer an oversized header block with 431 and keep going', async () => {
      const answer = await raw(node.baseUrl, 'GET', '/api/v1/auth/me', { ...authorized(owner), 'x-filler': 'x'.repeat(20_000) });

      expect(answer.status).toBe(431);
    });

    it('should not echo a hostile request id into the response or the log', async () => {
      const hostile = 'evil"\r\n{"level":60}';

      const answer = await fetch(`${node.baseUrl}/health/live`, {
        headers: { 'x-request-id': encodeURIComponent(hostile) + '%0A'.repeat(100) },
      });

      const echoed = answer.headers.get('x-request-id')!;
      expect(answer.status).toBe(200);
      expect(echoed).toMatch(/^[\w.:-]{1,128}$/);
      expect(node.logs.raw.some((line) => line.includes('"level":60'))).toBe(false);
    });

    it('should keep a half-sent request from holding the node', async () => {
      const socket = connect(Number(new URL(node.baseUrl).port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"tenant":',
      );

      const meanwhile = await call(node.baseUrl, 'GET', '/api/v1/auth/me', { token: owner.tokens.accessToken });

      socket.destroy();
      expect(meanwhile.status).toBe(200);
    });
  });

  describe('HTTP rights', () => {
    it("should refuse a tenant's member the admin operations of its tenant, and every tenant's admins the platform's", async () => {
      const answers = await Promise.all([
        call(node.baseUrl, 'POST', '/api/v1/users', {
          token: member.tokens.accessToken,
          body: { username: 'sneaky', password: 'sneaky-password-1', role: 'owner' },
        }),
        call(node.baseUrl, 'PATCH', `/api/v1/users/${member.id}`, { token: member.tokens.accessToken, body: { role: 'owner' } }),
        call(node.baseUrl, 'GET', '/api/v1/admin/routing', { token: globex.tokens.accessToken }),
        call(node.baseUrl, 'PUT', '/api/v1/admin/routing', { token: globex.tokens.accessToken, body: {} }),
        call(node.baseUrl, 'POST', '/api/v1/admin/routing/kill-switches', {
          token: globex.tokens.accessToken,
          body: { scope: 'global', reason: 'x' },
        }),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);
    });

    it('should refuse tokens signed with a guessed secret, none, or another algorithm', async () => {
      const claims = { sub: member.id, tid: 'x', sid: 'y', role: 'owner' };
      const tokens = [
        createSigner({ key: 'switchyard-dev-secret', iss: 'switchyard', aud: 'switchyard-api', expiresIn: 60_000 })(claims),
        createSigner({ algorithm: 'none', iss: 'switchyard', aud: 'switchyard-api', expiresIn: 60_000 })(claims),
        createSigner({ key: TEST_SECRETS.JWT_SECRET!, algorithm: 'HS512', iss: 'switchyard', aud: 'switchyard-api', expiresIn: 60_000 })(
          claims,
        ),
        'Bearer'.repeat(2_000),
      ];

      const answers = await Promise.all(tokens.map((token) => call(node.baseUrl, 'GET', '/api/v1/auth/me', { token })));

      expect(answers.map((answer) => [answer.status, answer.body.error])).toEqual(tokens.map(() => [401, 'INVALID_TOKEN']));
    });
  });

  describe('WebSocket', () => {
    const wsUrl = () => node.baseUrl.replace('http', 'ws') + '/ws';

    it('should close a connection without a valid token before it hears anything', async () => {
      const anonymous = await TestSocket.connect(wsUrl());
      const forged = await TestSocket.connect(wsUrl(), { token: 'not.a.token' });
      sockets.push(anonymous, forged);
      anonymous.send('subscribe', { topic: `space:${spaceId}` });

      expect(await anonymous.closed).toBe(4401);
      expect(await forged.closed).toBe(4401);
      expect(anonymous.messages).toEqual([]);
    });

    it('should answer frames that are not messages, and unknown events, with an error in words and stay open', async () => {
      const socket = await TestSocket.connect(wsUrl(), { token: owner.tokens.accessToken });
      sockets.push(socket);

      socket.socket.send('not json');
      const notJson = await socket.next();
      socket.socket.send('[1,2,3]');
      const notAnObject = await socket.next();
      socket.send('drop-tables');
      const unknown = await socket.next();
      socket.send('ping');
      const pong = await socket.next();

      expect(notJson).toEqual({ event: 'error', data: { code: 'INVALID_MESSAGE', message: expect.stringContaining('JSON object') } });
      expect(notAnObject).toMatchObject({ event: 'error', data: { code: 'INVALID_MESSAGE' } });
      expect(unknown).toEqual({ event: 'error', data: { code: 'UNKNOWN_EVENT', message: expect.stringContaining('subscribe') } });
      expect(pong).toEqual({ event: 'pong' });
    });

    it("should refuse subscriptions to another tenant's space and to malformed topics", async () => {
      const socket = await TestSocket.connect(wsUrl(), { token: globex.tokens.accessToken });
      sockets.push(socket);

      const refusals = [];
      for (const topic of [`space:${spaceId}`, 'space:*', '../', { $ne: null }, 'x'.repeat(10_000)]) {
        socket.send('subscribe', { topic });
        refusals.push(await socket.next());
      }

      expect(refusals.map((message) => [message.event, (message.data as { code: string }).code])).toEqual([
        ['error', 'SPACE_NOT_FOUND'],
        ['error', 'INVALID_TOPIC'],
        ['error', 'INVALID_TOPIC'],
        ['error', 'INVALID_TOPIC'],
        ['error', 'INVALID_TOPIC'],
      ]);
    });
  });

  describe('gRPC', () => {
    type Unary = (
      request: object,
      metadata: Metadata,
      options: { deadline: number },
      callback: (error: ServiceError | null, response?: unknown) => void,
    ) => void;
    const invoke = (method: string, request: object, token: string | null): Promise<ServiceError | null> => {
      const metadata = new Metadata();
      if (token !== null) metadata.set('x-internal-token', token);
      const unary = (grpcClient as unknown as Record<string, Unary>)[method]!.bind(grpcClient);
      return new Promise((resolve) => unary(request, metadata, { deadline: Date.now() + 5_000 }, (error) => resolve(error)));
    };

    it('should refuse callers without the internal credential before reading their request', async () => {
      const errors = await Promise.all([
        invoke('VerifyToken', { accessToken: owner.tokens.accessToken }, null),
        invoke('VerifyToken', { accessToken: owner.tokens.accessToken }, 'guess'),
        invoke('PublishEvent', { tenantId: 'x', event: 'e', dataJson: '{}' }, TEST_SECRETS.PLATFORM_INTERNAL_TOKEN!.toUpperCase()),
      ]);

      expect(errors.map((error) => error?.code)).toEqual([status.UNAUTHENTICATED, status.UNAUTHENTICATED, status.UNAUTHENTICATED]);
    });

    it('should answer malformed and oversized requests with INVALID_ARGUMENT or RESOURCE_EXHAUSTED', async () => {
      const token = TEST_SECRETS.PLATFORM_INTERNAL_TOKEN!;

      const errors = await Promise.all([
        invoke('PublishEvent', { tenantId: '', event: '', dataJson: 'not json' }, token),
        invoke('GetSyncRun', { tenantId: "' OR 1=1", runId: '../x' }, token),
        invoke('PublishEvent', { tenantId: 'x', event: 'e', dataJson: JSON.stringify({ blob: 'x'.repeat(5 * 1024 * 1024) }) }, token),
      ]);

      expect(errors[0]?.code).toBe(status.INVALID_ARGUMENT);
      expect([status.INVALID_ARGUMENT, status.NOT_FOUND]).toContain(errors[1]?.code);
      expect(errors[2]?.code).toBe(status.RESOURCE_EXHAUSTED);
    });
  });

  describe('routing admin API', () => {
    it('should refuse a malformed rule document naming each problem, and an oversized one with 413', async () => {
      const current = await call(node.baseUrl, 'GET', '/api/v1/admin/routing', { token: owner.tokens.accessToken });
      const version = String(current.body.version);

      const malformed = await fetch(`${node.baseUrl}/api/v1/admin/routing`, {
        method: 'PUT',
        headers: { ...authorized(owner), 'if-match': version, 'x-change-reason': 'hostile' },
        body: JSON.stringify({ default: 'elsewhere', features: 'all', rules: [{ match: { pathPrefix: 'no-slash' }, target: 'moon' }] }),
      });
      const oversized = await raw(
        node.baseUrl,
        'PUT',
        '/api/v1/admin/routing',
        { ...authorized(owner), 'if-match': version },
        JSON.stringify({ default: 'legacy', pad: 'x'.repeat(70_000) }),
      );

      const body = (await malformed.json()) as { error: string; details: unknown[] };
      expect(malformed.status).toBe(400);
      expect(body.details.length).toBeGreaterThanOrEqual(3);
      expect(oversized.status).toBe(413);
    });
  });
});
