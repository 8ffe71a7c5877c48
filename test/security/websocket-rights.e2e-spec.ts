import { createSigner } from 'fast-jwt';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, createUserAndLogin, login } from '../support/identity';
import { TEST_REDIS_URL, runId } from '../support/test-environment';
import { TestSocket } from '../support/ws-client';

const SECRET = 'websocket-rights-secret-that-is-long-enough-01';
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('a WebSocket keeps only the rights its session has (two nodes, MariaDB + Redis)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let nodeA: RunningApp;
  let nodeB: RunningApp;
  const sockets: TestSocket[] = [];

  const open = async (node: RunningApp, token: string) => {
    const socket = await TestSocket.connect(`${node.baseUrl.replace('http', 'ws')}/ws`, { token });
    sockets.push(socket);
    // The server answers a ping only once the token is checked: the socket is registered by then.
    socket.send('ping');
    expect(await socket.next()).toEqual({ event: 'pong' });
    return socket;
  };
  const loginOwner = () => login(nodeA.baseUrl, 'acme', 'owner', 'acme-owner-password');
  const broadcast = (caller: Caller, data: unknown) =>
    call(nodeA.baseUrl, 'POST', '/api/v1/admin/broadcast', { token: caller.tokens.accessToken, body: { event: 'notice', data } });

  beforeAll(async () => {
    database = await createTestDatabase('wsrights');
    const environment = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:wsrights`,
      JWT_SECRET: SECRET,
      // Long enough that a socket closing on another node at once can only be the event bus's doing.
      SESSION_CHECK_CACHE_MS: '30000',
      // A spent refresh token presented again counts as a replay at once.
      REFRESH_GRACE_MS: '0',
      WS_MAX_PAYLOAD_BYTES: '4096',
      WS_MAX_BUFFERED_BYTES: '65536',
      LOGIN_THROTTLE_IP_LIMIT: '1000',
      LOGIN_THROTTLE_USER_LIMIT: '1000',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    };
    [nodeA, nodeB] = await Promise.all([startApp(environment), startApp(environment)]);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all([nodeA.close(), nodeB.close()]);
    await database.drop();
  });

  it('should close a socket on another node with 4401 when its session logs out, and send it nothing more', async () => {
    const session = await loginOwner();
    const socket = await open(nodeB, session.tokens.accessToken);

    await call(nodeA.baseUrl, 'POST', '/api/v1/auth/logout', { token: session.tokens.accessToken });

    expect(await socket.closedWith).toEqual({ code: 4401, reason: 'session ended' });
    await broadcast(await loginOwner(), 'after logout');
    expect(socket.messages.some((message) => message.event === 'notice')).toBe(false);
  });

  it('should close the sockets of a session revoked because its refresh token was replayed', async () => {
    const session = await loginOwner();
    const socket = await open(nodeB, session.tokens.accessToken);

    await call(nodeA.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: session.tokens.refreshToken } });
    const replay = await call(nodeA.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: session.tokens.refreshToken } });

    expect(replay).toMatchObject({ status: 401, body: { error: 'REFRESH_TOKEN_REUSED' } });
    expect(await socket.closedWith).toEqual({ code: 4401, reason: 'session ended' });
  });

  it('should close a socket with 4401 when its access token expires', async () => {
    const session = await loginOwner();
    const claims = claimsOf(session.tokens.accessToken);
    // The same session, a token that expires in two seconds (the configured lifetime is at least 30 s).
    const shortLived = createSigner({ key: SECRET, iss: 'switchyard', aud: 'switchyard-api', expiresIn: 2_000 })({
      sub: claims.sub,
      tid: claims.tid,
      sid: claims.sid,
      role: claims.role,
      name: claims.name,
    });
    const socket = await open(nodeA, shortLived);

    expect(await socket.closedWith).toEqual({ code: 4401, reason: 'token expired' });
  });

  it('should refuse a frame above WS_MAX_PAYLOAD_BYTES with 1009 and stay up', async () => {
    const session = await loginOwner();
    const socket = await open(nodeA, session.tokens.accessToken);

    socket.socket.send(JSON.stringify({ event: 'ping', data: 'x'.repeat(8_192) }));

    expect((await socket.closedWith).code).toBe(1009);
    expect((await call(nodeA.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });

  it('should close a client that stops reading with 4408 once its backlog passes the limit', async () => {
    const session = await loginOwner();
    const socket = await open(nodeA, session.tokens.accessToken);
    socket.stopReading();

    // About 25 MB: more than the loopback buffers hold, so the server's own buffer must grow.
    for (let index = 0; index < 100; index += 1) await broadcast(session, 'x'.repeat(256_000));
    socket.resumeReading();

    expect((await socket.closedWith).code).toBe(4408);
  });

  it('should let only owners and admins of the platform tenant hear the admin:routing topic, and no one broadcast to it', async () => {
    const owner = await loginOwner();
    const member = await createUserAndLogin(nodeA.baseUrl, owner, 'acme', 'mona', 'member');
    const [ownerSocket, memberSocket] = [await open(nodeB, owner.tokens.accessToken), await open(nodeB, member.tokens.accessToken)];

    ownerSocket.send('subscribe', { topic: 'admin:routing' });
    memberSocket.send('subscribe', { topic: 'admin:routing' });
    const forged = await call(nodeA.baseUrl, 'POST', '/api/v1/admin/broadcast', {
      token: owner.tokens.accessToken,
      body: { event: 'routing.figures', topic: 'admin:routing', data: 'forged' },
    });

    expect(await ownerSocket.next()).toEqual({ event: 'subscribed', data: { topic: 'admin:routing' } });
    expect(await memberSocket.next()).toMatchObject({ event: 'error', data: { code: 'FORBIDDEN', topic: 'admin:routing' } });
    expect(forged.status).toBe(400);
  });
});
