import { Type } from '@nestjs/common';
import { FAST_PATH, FastPath } from '@switchyard/common';
import { FastifyInstance, RouteHandlerMethod } from 'fastify';

const WRAPPED = Symbol('switchyard.fastPathWrapped');
type Wrapped = RouteHandlerMethod & { [WRAPPED]?: true };

/**
 * Routes whose config names a FastPath (`@UseFastPath`) get it in front of Nest's handler: a request it
 * answers skips Nest's guards, pipes and promise chain; every other one takes the route as declared.
 * Must be installed before Nest registers its routes (app.init); providers are resolved on first use.
 */
export function installFastPaths(fastify: FastifyInstance, resolve: (type: Type<FastPath>) => FastPath): void {
  const providers = new Map<Type<FastPath>, FastPath>();
  const providerOf = (type: Type<FastPath>): FastPath => {
    let provider = providers.get(type);
    if (!provider) providers.set(type, (provider = resolve(type)));
    return provider;
  };
  // Fastify adds a HEAD route for each GET route, from the same options: each gets its own wrapper.
  fastify.addHook('onRoute', (route) => {
    const type = (route.config as Record<string, unknown> | undefined)?.[FAST_PATH] as Type<FastPath> | undefined;
    if (!type || (route.handler as Wrapped)[WRAPPED]) return;
    const nest = route.handler;
    let path: FastPath | undefined;
    const handler: Wrapped = function (this: FastifyInstance, request, reply) {
      path ??= providerOf(type);
      if (path.serve(request, reply)) return;
      return nest.call(this, request, reply);
    };
    handler[WRAPPED] = true;
    // The access log and error log name the route's handler (`SpacesController.get`) by this name.
    Object.defineProperty(handler, 'name', { value: nest.name });
    route.handler = handler;
  });
}
