import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, call, createUserAndLogin, insertTenantWithOwner, login } from '../support/identity';
import { TEST_REDIS_URL, runId } from '../support/test-environment';
import { TestSocket } from '../support/ws-client';

describe('realtime hub at /ws across two nodes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let nodeA: RunningApp;
  let nodeB: RunningApp;
  let acme: Caller;
  let globex: Caller;
  let spaceId: string;
  let globexSpaceId: string;
  const sockets: TestSocket[] = [];
  let environment: Record<string, string>;

  const wsUrl = (node: RunningApp) => `${node.baseUrl.replace('http', 'ws')}/ws`;
  const open = async (node: RunningApp, options: Parameters<typeof TestSocket.connect>[1]) => {
    const socket = await TestSocket.connect(wsUrl(node), options);
    sockets.push(socket);
    return socket;
  };
  const broadcast = (caller: Caller, body: object) =>
    call(nodeA.baseUrl, 'POST', '/api/v1/admin/broadcast', { token: caller.tokens.accessToken, body });
  const subscribed = async (socket: TestSocket, topic: string) => {
    socket.send('subscribe', { topic });
    expect(await socket.next()).toEqual({ event: 'subscribed', data: { topic } });
  };

  beforeAll(async () => {
    database = await createTestDatabase('realtime');
    environment = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:realtime`,
      WS_HEARTBEAT_MS: '100',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    };
    [nodeA, nodeB] = await Promise.all([startApp(environment), startApp(environment)]);
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    acme = await login(nodeA.baseUrl, 'acme', 'owner', 'acme-owner-password');
    globex = await login(nodeA.baseUrl, 'globex', 'boss', 'globex-boss-password');
    spaceId = (await call(nodeA.baseUrl, 'POST', '/api/v1/spaces', { token: acme.tokens.accessToken, body: { name: 'Live' } })).body.id;
    globexSpaceId = (await call(nodeA.baseUrl, 'POST', '/api/v1/spaces', { token: globex.tokens.accessToken, body: { name: 'Elsewhere' } }))
      .body.id;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all([nodeA.close(), nodeB.close()]);
    await database.drop();
  });

  describe('connection', () => {
    it.each([
      ['an invalid token', { token: 'not-a-token' }],
      ['no token', {}],
    ])('should close %s with 4401', async (_case, options) => {
      const socket = await open(nodeA, options);

      await expect(socket.closed).resolves.toBe(4401);
    });

    it('should accept the token in the Authorization header and answer ping with pong', async () => {
      const socket = await open(nodeB, { authorization: `Bearer ${acme.tokens.accessToken}` });

      socket.send('ping');

      expect(await socket.next()).toEqual({ event: 'pong' });
    });
  });

  describe('topics', () => {
    it('should let a user subscribe to a space they can see, and refuse other tenants and malformed topics', async () => {
      const socket = await open(nodeA, { token: acme.tokens.accessToken });

      await subscribed(socket, `space:${spaceId}`);
      socket.send('subscribe', { topic: `space:${globexSpaceId}` });
      const foreign = await socket.next();
      socket.send('subscribe', { topic: 'everything' });
      const malformed = await socket.next();

      expect(foreign).toMatchObject({ event: 'error', data: { code: 'SPACE_NOT_FOUND' } });
      expect(malformed).toMatchObject({ event: 'error', data: { code: 'INVALID_TOPIC' } });
    });
  });

  describe('broadcast', () => {
    it('should reach subscribers of a topic on every node, and no one else', async () => {
      const subscriberOnB = await open(nodeB, { token: acme.tokens.accessToken });
      const bystanderOnB = await open(nodeB, { token: acme.tokens.accessToken });
      await subscribed(subscriberOnB, `space:${spaceId}`);
      bystanderOnB.send('ping');
      expect(await bystanderOnB.next()).toEqual({ event: 'pong' });

      const accepted = await broadcast(acme, { event: 'sync-run.status', data: { status: 'RUNNING' }, topic: `space:${spaceId}` });
      await broadcast(acme, { event: 'marker', data: 1 });

      expect(accepted.status).toBe(202);
      expect(await subscriberOnB.next()).toEqual({ event: 'sync-run.status', data: { status: 'RUNNING' } });
      expect(await bystanderOnB.next()).toEqual({ event: 'marker', data: 1 });
    });

    it('should reach only the connections of the named user', async () => {
      const member = await createUserAndLogin(nodeA.baseUrl, acme, 'acme', 'rita', 'member');
      const rita = await open(nodeB, { token: member.tokens.accessToken });
      const owner = await open(nodeA, { token: acme.tokens.accessToken });
      for (const socket of [rita, owner]) {
        socket.send('ping');
        expect(await socket.next()).toEqual({ event: 'pong' });
      }

      await broadcast(acme, { event: 'direct', data: 'for rita', userId: member.id });
      await broadcast(acme, { event: 'marker', data: 2 });

      expect(await rita.next()).toEqual({ event: 'direct', data: 'for rita' });
      expect(await owner.next()).toEqual({ event: 'marker', data: 2 });
    });

    it('should keep a broadcast to everyone inside the tenant', async () => {
      const globexClient = await open(nodeB, { token: globex.tokens.accessToken });
      globexClient.send('ping');
      expect(await globexClient.next()).toEqual({ event: 'pong' });

      await broadcast(acme, { event: 'acme-only', data: null });
      await broadcast(globex, { event: 'globex-news', data: 'hi' });

      expect(await globexClient.next()).toEqual({ event: 'globex-news', data: 'hi' });
    });

    it('should refuse bad targets, members, and topics of other tenants', async () => {
      const member = await createUserAndLogin(nodeA.baseUrl, acme, 'acme', 'max', 'member');

      const answers = await Promise.all([
        broadcast(acme, { event: 'x', data: 1, topic: `space:${spaceId}`, userId: member.id }),
        broadcast(member, { event: 'x', data: 1 }),
        broadcast(acme, { event: 'x', data: 1, topic: `space:${globexSpaceId}` }),
        broadcast(acme, { event: 'has spaces', data: 1 }),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([400, 403, 404, 400]);
      expect(answers[3]!.body.details).toEqual([expect.objectContaining({ field: 'event' })]);
    });
  });

  describe('shutdown', () => {
    it('should tell connected clients 1001 (going away) before the node stops, not cut them', async () => {
      const leaving = await startApp(environment);
      const socket = await TestSocket.connect(wsUrl(leaving), { token: acme.tokens.accessToken });
      socket.send('ping');
      expect(await socket.next()).toEqual({ event: 'pong' });

      await leaving.close();

      expect(await socket.closedWith).toEqual({ code: 1001, reason: 'server shutting down' });
    });
  });

  describe('heartbeat', () => {
    it('should drop a client that stops answering pings and keep one that answers', async () => {
      const silent = await open(nodeA, { token: acme.tokens.accessToken, autoPong: false });
      const healthy = await open(nodeA, { token: acme.tokens.accessToken });

      const code = await silent.closed;
      healthy.send('ping');

      expect(code).toBe(1006);
      expect(await healthy.next()).toEqual({ event: 'pong' });
    });
  });
});
