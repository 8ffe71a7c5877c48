import { SpaceReadFastPath } from '../../libs/tenancy/src/spaces/space-read.fast-path';
import { RunningApp, startApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { Caller, JsonResponse, call, createUserAndLogin, insertTenantWithOwner, login } from '../support/identity';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

/**
 * GET /spaces/:id has a fast path (D66) in front of its Nest route. Each case below says whether the fast
 * path answered (a spy on the real provider records what `serve` returned) and checks that the caller gets
 * what the route alone would give.
 */
describe('the fast path of GET /spaces/:id, on MariaDB + Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let running: RunningApp;
  let url: string;
  let owner: Caller;
  let otherTenantOwner: Caller;
  let answered: boolean[];

  beforeAll(async () => {
    database = await createTestDatabase('fastpath');
    running = await startApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `${runId()}:fastpath`,
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
    url = running.baseUrl;
    await insertTenantWithOwner(database.url, 'globex', 'boss', 'globex-boss-password');
    owner = await login(url, 'acme', 'owner', 'acme-owner-password');
    otherTenantOwner = await login(url, 'globex', 'boss', 'globex-boss-password');
    const fastPath = running.app.get(SpaceReadFastPath);
    const serve = fastPath.serve.bind(fastPath);
    jest.spyOn(fastPath, 'serve').mockImplementation((request, reply) => {
      const served = serve(request, reply);
      answered.push(served);
      return served;
    });
  });

  beforeEach(() => {
    answered = [];
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await running.close();
    await database.drop();
  });

  const createSpace = async (name: string): Promise<string> => {
    const created = await call(url, 'POST', '/api/v1/spaces', { token: owner.tokens.accessToken, body: { name } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  /** Creates a space and reads it as the owner until this process holds it (see the first test); then starts the record afresh. */
  const cachedSpace = async (name: string): Promise<string> => {
    const id = await createSpace(name);
    for (let index = 0; index < 3; index += 1) await read(owner, id);
    answered = [];
    return id;
  };
  const read = (caller: Caller, id: string): Promise<JsonResponse> =>
    call(url, 'GET', `/api/v1/spaces/${id}`, { token: caller.tokens.accessToken });
  const headersOf = (response: JsonResponse) => ({
    contentType: response.headers.get('content-type'),
    cache: response.headers.get('x-cache'),
    requestId: typeof response.headers.get('x-request-id'),
    length: response.headers.get('content-length'),
  });

  it('should answer a cached read by a tenant admin with what the route answers', async () => {
    const id = await createSpace('fast-read');

    // A miss loads into Redis, the next read (a hit there) into this process, and from then on the fast path answers.
    const miss = await read(owner, id);
    const routeHit = await read(owner, id);
    const fastHit = await read(owner, id);

    expect(answered).toEqual([false, false, true]);
    expect([miss.status, routeHit.status, fastHit.status]).toEqual([200, 200, 200]);
    expect(fastHit.body).toEqual(miss.body);
    expect(headersOf(miss)).toEqual({ ...headersOf(fastHit), cache: 'MISS' });
    expect(headersOf(fastHit)).toEqual(headersOf(routeHit));
    expect([...fastHit.headers.keys()]).toEqual([...routeHit.headers.keys()]);
  });

  it('should log the answer under the route and the handler, with the caller', async () => {
    const id = await cachedSpace('fast-logged');
    const me = await call(url, 'GET', '/api/v1/auth/me', { token: owner.tokens.accessToken });

    const response = await read(owner, id);

    expect(answered).toEqual([true]);
    const line = running.logs.find((entry) => entry.requestId === response.headers.get('x-request-id'));
    expect(line).toMatchObject({
      route: '/api/v1/spaces/:id',
      handler: 'SpacesController.get',
      tenantId: me.body.tenantId,
      userId: me.body.id,
      res: { statusCode: 200 },
    });
  });

  it('should leave a member to the route, which asks for the membership', async () => {
    const member = await createUserAndLogin(url, owner, 'acme', 'fast-member', 'member');
    const id = await cachedSpace('fast-member');

    const outsider = await read(member, id);
    await call(url, 'PUT', `/api/v1/spaces/${id}/members/${member.id}`, { token: owner.tokens.accessToken, body: { role: 'viewer' } });
    const inside = await read(member, id);

    expect(answered).toEqual([false, false]);
    expect(outsider.status).toBe(404);
    expect(inside.status).toBe(200);
    expect(inside.body.id).toBe(id);
  });

  it("should never answer another tenant's admin from the cache", async () => {
    const id = await cachedSpace('fast-foreign');

    const foreign = await read(otherTenantOwner, id);

    expect(answered).toEqual([false]);
    expect(foreign.status).toBe(404);
  });

  it('should refuse the token of an ended session although the space is cached', async () => {
    const id = await cachedSpace('fast-logout');
    const session = await login(url, 'acme', 'owner', 'acme-owner-password');
    await read(session, id);

    await call(url, 'POST', '/api/v1/auth/logout', { token: session.tokens.accessToken });
    const after = await read(session, id);

    expect(answered).toEqual([true, false]);
    expect(after.status).toBe(401);
  });

  it('should leave a malformed id to the route, which names the field', async () => {
    const response = await read(owner, 'not-a-uuid');

    expect(answered).toEqual([false]);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('id');
  });

  it('should not answer from the cache once the space is deleted', async () => {
    const id = await cachedSpace('fast-deleted');
    await read(owner, id);

    const deleted = await call(url, 'DELETE', `/api/v1/spaces/${id}`, { token: owner.tokens.accessToken });
    const after = await read(owner, id);

    expect(deleted.status).toBe(204);
    expect(answered).toEqual([true, false]);
    expect(after.status).toBe(404);
  });
});
