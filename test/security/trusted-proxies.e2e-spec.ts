import { request as httpRequest } from 'node:http';
import { Agent, request } from 'undici';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { insertUser } from '../support/identity';
import { LegacyStandIn } from '../support/legacy-stand-in';
import { NginxBalancer } from '../support/nginx';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

// Every client here has an address of its own on the loopback network (all of 127.0.0.0/8 reaches this host).
const clients = new Map<string, Agent>();
const from = (address: string): Agent => {
  let agent = clients.get(address);
  if (!agent) clients.set(address, (agent = new Agent({ localAddress: address })));
  return agent;
};

async function send(
  baseUrl: string,
  address: string,
  path: string,
  options: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await request(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    dispatcher: from(address),
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const attemptLogin = (baseUrl: string, address: string, username: string, password: string, headers: Record<string, string> = {}) =>
  send(baseUrl, address, '/api/v1/auth/login', { method: 'POST', body: { tenant: 'acme', username, password }, headers }).then(
    (answer) => answer.status,
  );

describe('clients behind a trusted load balancer (real nginx, MariaDB, Redis)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let node: RunningApp;
  let balancer: NginxBalancer;
  const legacy = new LegacyStandIn();

  beforeAll(async () => {
    database = await createTestDatabase('proxies');
    await legacy.start();
    node = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:proxies`,
      LEGACY_BASE_URL: legacy.url,
      TRUSTED_PROXIES: '127.0.0.1',
      LOGIN_THROTTLE_IP_LIMIT: '3',
      LOGIN_THROTTLE_USER_LIMIT: '3',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    balancer = await NginxBalancer.start([node.baseUrl]);
    // Every API route but login goes to legacy here, so the accounts are written straight to the database.
    await insertUser(database.url, 'acme', 'alice', 'alice-password-123', 'member');
    for (const name of ['bob', 'carol', 'dave']) await insertUser(database.url, 'acme', name, `${name}-password-123`, 'member');
  });

  afterAll(async () => {
    await Promise.all([...clients.values()].map((agent) => agent.close()));
    await balancer?.stop();
    await node?.close();
    await legacy.stop();
    await database?.drop();
  });

  describe('login throttling per client address', () => {
    it('should lock out only the client that failed, not every client behind the balancer', async () => {
      const failures = [];
      for (const ghost of ['ghost-1', 'ghost-2', 'ghost-3'])
        failures.push(await attemptLogin(balancer.baseUrl, '127.0.0.2', ghost, 'wrong'));

      const lockedOut = await attemptLogin(balancer.baseUrl, '127.0.0.2', 'ghost-4', 'wrong');
      const spoofing = await attemptLogin(balancer.baseUrl, '127.0.0.2', 'ghost-5', 'wrong', { 'x-forwarded-for': '10.9.8.7' });
      const neighbour = await attemptLogin(balancer.baseUrl, '127.0.0.3', 'alice', 'alice-password-123');

      expect(failures).toEqual([401, 401, 401]);
      expect(lockedOut).toBe(429);
      expect(spoofing).toBe(429);
      expect(neighbour).toBe(200);
    });

    it('should ignore X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      const statuses = [];
      for (const [index, ghost] of ['ghost-6', 'ghost-7', 'ghost-8', 'ghost-9'].entries()) {
        statuses.push(await attemptLogin(node.baseUrl, '127.0.0.20', ghost, 'wrong', { 'x-forwarded-for': `10.0.0.${index + 1}` }));
      }

      expect(statuses).toEqual([401, 401, 401, 429]);
    });
  });

  describe('login throttling per account', () => {
    it('should count every spelling of one account in its bucket and let only the stored name log in', async () => {
      // Each attempt from another address: only the account's bucket can stop the last one.
      const attempts: Array<[string, string]> = [
        ['ｃａｒｏｌ', 'carol-password-123'], // full-width: the collation would match it to carol
        ['CAROL', 'wrong'],
        ['Càrol', 'wrong'],
        ['carol', 'carol-password-123'],
      ];
      const statuses = [];
      for (const [index, [username, password]] of attempts.entries()) {
        statuses.push(await attemptLogin(balancer.baseUrl, `127.0.0.${30 + index}`, username, password));
      }
      const otherAccount = await attemptLogin(balancer.baseUrl, '127.0.0.34', 'bob', 'bob-password-123');

      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(otherAccount).toBe(200);
    });

    it('should refuse look-alike names even with the right password', async () => {
      const answers = await Promise.all(
        ['ｄａｖｅ', 'dävé', 'dave\u0301'].map((username, index) =>
          attemptLogin(balancer.baseUrl, `127.0.0.${40 + index}`, username, 'dave-password-123'),
        ),
      );

      expect(answers).toEqual([401, 401, 401]);
    });
  });

  describe('forwarding headers on the way to legacy', () => {
    const spoofed = {
      'x-forwarded-for': '10.0.0.66',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-port': '1',
      'x-forwarded-prefix': '/evil',
      'x-real-ip': '10.0.0.66',
      forwarded: 'for=10.0.0.66;host=evil.example',
      'x-identity-version': '2',
      'x-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    };

    it('should name the client the balancer saw and drop the forwarding headers the client wrote', async () => {
      const answer = await send(balancer.baseUrl, '127.0.0.50', '/api/v1/reports/weekly', {
        headers: { ...spoofed, 'x-request-id': 'via-lb' },
      });

      const received = legacy.last((entry) => entry.headers['x-request-id'] === 'via-lb')!;
      expect(answer.status).toBe(200);
      expect(received.headers).toMatchObject({
        'x-forwarded-for': '127.0.0.50, 127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': `127.0.0.1:${balancer.port}`,
      });
      expect(received.headers).not.toHaveProperty('x-forwarded-port');
      expect(received.headers).not.toHaveProperty('x-forwarded-prefix');
      expect(received.headers).not.toHaveProperty('x-real-ip');
      expect(received.headers).not.toHaveProperty('forwarded');
      expect(received.headers).not.toHaveProperty('x-identity-version');
      expect(received.headers).not.toHaveProperty('x-content-sha256');
    });

    it("should forward only the peer's address when the peer is not a trusted proxy", async () => {
      const answer = await send(node.baseUrl, '127.0.0.51', '/api/v1/reports/weekly', {
        headers: { ...spoofed, 'x-request-id': 'direct' },
      });

      const received = legacy.last((entry) => entry.headers['x-request-id'] === 'direct')!;
      expect(answer.status).toBe(200);
      expect(received.headers).toMatchObject({
        'x-forwarded-for': '127.0.0.51',
        'x-forwarded-host': new URL(node.baseUrl).host,
      });
      expect(received.headers).not.toHaveProperty('x-real-ip');
      expect(received.headers).not.toHaveProperty('forwarded');
    });

    it('should log a proxied URL without its query string', async () => {
      const answer = await send(balancer.baseUrl, '127.0.0.52', '/api/v1/reports/export?signature=query-secret&page=2', {
        headers: { 'x-request-id': 'signed-link' },
      });

      const line = node.logs.find((entry) => entry.requestId === 'signed-link' && entry.res !== undefined);
      expect(answer.status).toBe(200);
      expect(legacy.last((entry) => entry.headers['x-request-id'] === 'signed-link')?.url).toBe(
        '/api/v1/reports/export?signature=query-secret&page=2',
      );
      expect(line).toMatchObject({ req: { url: '/api/v1/reports/export' }, path: '/api/v1/reports/export' });
      expect(node.logs.raw.filter((entry) => entry.includes('signed-link')).join('\n')).not.toContain('query-secret');
    });

    it("should answer a proxied upload sent with Expect: 100-continue with legacy's answer", async () => {
      const body = JSON.stringify({ rows: [1, 2, 3] });

      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const outgoing = httpRequest(`${node.baseUrl}/api/v1/reports/upload`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            expect: '100-continue',
            'x-request-id': 'expect',
          },
        });
        outgoing.on('continue', () => outgoing.end(body));
        outgoing.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        });
        outgoing.on('error', reject);
      });

      const received = legacy.last((entry) => entry.headers['x-request-id'] === 'expect')!;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ servedBy: 'legacy', method: 'POST', url: '/api/v1/reports/upload' });
      expect(received.body).toBe(body);
      expect(received.headers).not.toHaveProperty('expect');
    });
  });
});
