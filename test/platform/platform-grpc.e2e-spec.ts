import { Client, Metadata, ServiceClientConstructor, ServiceError, credentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PlatformGrpcServer } from '@switchyard/platform-grpc';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { RunningApp, startEmbeddedApp } from '../support/app-harness';
import { Caller, call, login } from '../support/identity';
import { TestSocket } from '../support/ws-client';

const INTERNAL_TOKEN = 'e2e-platform-internal-token-of-more-than-32-characters';
const METHODS = ['VerifyToken', 'PublishEvent', 'GetSyncRun'] as const;
type Method = (typeof METHODS)[number];
type Outcome = { error?: ServiceError; response?: Record<string, unknown> };
type UnaryMethod = (
  request: object,
  metadata: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null, response?: Record<string, unknown>) => void,
) => void;

/** An independent client built from proto/platform.proto, as an internal caller would build it. */
function createClient(port: number): Client {
  const definition = loadSync(join(__dirname, '..', '..', 'proto', 'platform.proto'), {
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const packages = loadPackageDefinition(definition) as unknown as { platform: { v1: { PlatformService: ServiceClientConstructor } } };
  return new packages.platform.v1.PlatformService(`127.0.0.1:${port}`, credentials.createInsecure());
}

function withToken(token: string | null): Metadata {
  const metadata = new Metadata();
  if (token !== null) metadata.set('x-internal-token', token);
  return metadata;
}

describe('platform.v1.PlatformService over gRPC', () => {
  let running: RunningApp;
  let client: Client;
  let owner: Caller;
  let tenantId: string;
  let spaceId: string;
  let closed = false;
  const sockets: TestSocket[] = [];

  const invoke = (method: Method, request: object, token: string | null = INTERNAL_TOKEN): Promise<Outcome> => {
    const unary = (client as unknown as Record<Method, UnaryMethod>)[method].bind(client);
    return new Promise((resolve) =>
      unary(request, withToken(token), { deadline: Date.now() + 5_000 }, (error, response) => resolve(error ? { error } : { response })),
    );
  };

  beforeAll(async () => {
    running = await startEmbeddedApp({
      GRPC_PORT: '0',
      PLATFORM_INTERNAL_TOKEN: INTERNAL_TOKEN,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    client = createClient(running.app.get(PlatformGrpcServer).boundPort!);
    owner = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');
    tenantId = (await call(running.baseUrl, 'GET', '/api/v1/auth/me', { token: owner.tokens.accessToken })).body.tenantId;
    spaceId = (await call(running.baseUrl, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name: 'Pipelines' } })).body
      .id;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    client?.close();
    if (!closed) await running?.close();
  });

  describe('server', () => {
    it('should listen on a free port when GRPC_PORT=0', () => {
      const port = running.app.get(PlatformGrpcServer).boundPort;

      expect(port).toEqual(expect.any(Number));
      expect(port).toBeGreaterThan(0);
    });
  });

  describe('internal credential', () => {
    it.each(METHODS)('should answer %s without the credential, or with a wrong one, with UNAUTHENTICATED', async (method) => {
      const outcomes = await Promise.all([invoke(method, {}, null), invoke(method, {}, `${INTERNAL_TOKEN}-wrong`)]);

      expect(outcomes.map((outcome) => outcome.error?.code)).toEqual([status.UNAUTHENTICATED, status.UNAUTHENTICATED]);
      expect(outcomes[0]!.error?.metadata.get('x-error-code')).toEqual(['INVALID_INTERNAL_CREDENTIAL']);
    });
  });

  describe('VerifyToken', () => {
    it('should answer the identity behind a valid access token', async () => {
      const me = await call(running.baseUrl, 'GET', '/api/v1/auth/me', { token: owner.tokens.accessToken });

      const { response } = await invoke('VerifyToken', { accessToken: owner.tokens.accessToken });

      expect(response).toEqual({ valid: true, userId: me.body.id, tenantId: me.body.tenantId, role: 'owner' });
    });

    it('should answer valid: false, not an error, for a forged token and for a token of an ended session', async () => {
      const session = await login(running.baseUrl, 'acme', 'owner', 'acme-owner-password');
      await call(running.baseUrl, 'POST', '/api/v1/auth/logout', { token: session.tokens.accessToken });

      const outcomes = await Promise.all([
        invoke('VerifyToken', { accessToken: 'not-a-token' }),
        invoke('VerifyToken', { accessToken: session.tokens.accessToken }),
      ]);

      expect(outcomes).toEqual([
        { response: { valid: false, userId: '', tenantId: '', role: '' } },
        { response: { valid: false, userId: '', tenantId: '', role: '' } },
      ]);
    });
  });

  describe('PublishEvent', () => {
    it('should reach a WebSocket client subscribed to the space', async () => {
      const socket = await TestSocket.connect(`${running.baseUrl.replace('http', 'ws')}/ws`, { token: owner.tokens.accessToken });
      sockets.push(socket);
      socket.send('subscribe', { topic: `space:${spaceId}` });
      expect(await socket.next()).toEqual({ event: 'subscribed', data: { topic: `space:${spaceId}` } });

      const { response } = await invoke('PublishEvent', {
        tenantId,
        event: 'sync-run.status',
        dataJson: JSON.stringify({ runId: 'r-1', status: 'RUNNING' }),
        topic: `space:${spaceId}`,
      });

      expect(response).toEqual({ accepted: true });
      expect(await socket.next()).toEqual({ event: 'sync-run.status', data: { runId: 'r-1', status: 'RUNNING' } });
    });

    it('should refuse data_json that is not JSON with INVALID_ARGUMENT naming the field', async () => {
      const { error } = await invoke('PublishEvent', {
        tenantId,
        event: 'sync-run.status',
        dataJson: '{"status":',
        topic: `space:${spaceId}`,
      });

      expect([error?.code, error?.details]).toEqual([status.INVALID_ARGUMENT, 'data_json must be valid JSON']);
    });
  });

  describe('GetSyncRun', () => {
    // The sync module is wired and exports SyncRunReader, so an unknown run is NOT_FOUND (not UNAVAILABLE).
    it('should answer NOT_FOUND for an unknown run', async () => {
      const { error } = await invoke('GetSyncRun', { tenantId, runId: randomUUID() });

      expect([error?.code, error?.metadata.get('x-error-code')]).toEqual([status.NOT_FOUND, ['SYNC_RUN_NOT_FOUND']]);
    });
  });

  describe('shutdown', () => {
    it('should stop serving when the app closes', async () => {
      const server = running.app.get(PlatformGrpcServer);

      await running.close();
      closed = true;
      const { error } = await invoke('VerifyToken', { accessToken: 'x' });

      expect(server.boundPort).toBeUndefined();
      expect(error?.code).toBe(status.UNAVAILABLE);
    });
  });
});
