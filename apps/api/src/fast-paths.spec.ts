import { FAST_PATH, FastPath } from '@switchyard/common';
import Fastify, { FastifyInstance } from 'fastify';
import { installFastPaths } from './fast-paths';

class AnswersWhenAsked implements FastPath {
  serve(request: { headers: Record<string, unknown> }, reply: { send(payload: string): unknown }): boolean {
    if (request.headers['x-fast'] !== 'yes') return false;
    reply.send('from the fast path');
    return true;
  }
}

describe(installFastPaths.name, () => {
  let fastify: FastifyInstance;
  let resolved: number;

  beforeEach(() => {
    fastify = Fastify();
    resolved = 0;
    installFastPaths(fastify, () => {
      resolved += 1;
      return new AnswersWhenAsked() as unknown as FastPath;
    });
    const route = async function ItemsController_get() {
      return 'from the route';
    };
    Object.defineProperty(route, 'name', { value: 'ItemsController.get' });
    fastify.route({ method: 'GET', url: '/items/:id', config: { [FAST_PATH]: AnswersWhenAsked }, handler: route });
    fastify.get('/plain', async () => 'plain route');
  });

  afterEach(() => fastify.close());

  it('should let the fast path answer what it takes, and the route the rest', async () => {
    const fast = await fastify.inject({ method: 'GET', url: '/items/1', headers: { 'x-fast': 'yes' } });
    const declined = await fastify.inject({ method: 'GET', url: '/items/1' });

    expect([fast.statusCode, fast.body]).toEqual([200, 'from the fast path']);
    expect([declined.statusCode, declined.body]).toEqual([200, 'from the route']);
  });

  it('should resolve the provider once, on first use', async () => {
    await fastify.inject({ method: 'GET', url: '/items/1' });
    await fastify.inject({ method: 'GET', url: '/items/1', headers: { 'x-fast': 'yes' } });
    await fastify.inject({ method: 'HEAD', url: '/items/1', headers: { 'x-fast': 'yes' } });

    expect(resolved).toBe(1);
  });

  it("should keep the route handler's name, which the logs show", async () => {
    let name: string | undefined;
    fastify.addHook('onRequest', (request, _reply, done) => {
      name = request.routeOptions.handler.name;
      done();
    });

    await fastify.inject({ method: 'GET', url: '/items/1' });

    // Fastify binds it ("bound ItemsController.get"); the logs strip that.
    expect(name).toMatch(/^(bound )*ItemsController\.get$/);
  });

  it('should leave routes without a fast path as they are', async () => {
    const plain = await fastify.inject({ method: 'GET', url: '/plain', headers: { 'x-fast': 'yes' } });

    expect(plain.body).toBe('plain route');
    expect(resolved).toBe(0);
  });
});
