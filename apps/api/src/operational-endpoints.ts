import { AuthErrorCode, AuthException } from '@switchyard/auth';
import { EndpointAccess } from '@switchyard/config';
import { FastifyInstance } from 'fastify';

export interface OperationalEndpointAccess {
  metrics: EndpointAccess;
  docs: EndpointAccess;
}

/** Which operational endpoint a route template belongs to: /metrics, or one of the routes SwaggerModule serves. */
export function operationalEndpointOf(routeUrl: string): keyof OperationalEndpointAccess | undefined {
  if (routeUrl === '/metrics') return 'metrics';
  if (routeUrl === '/docs' || routeUrl.startsWith('/docs/') || routeUrl === '/docs-json' || routeUrl === '/docs-yaml') return 'docs';
  return undefined;
}

/**
 * Applies METRICS_ACCESS and DOCS_ACCESS in an onRequest hook added before every other one, so a
 * refused request costs no routing decision, token verification or handler. It keys on the matched
 * route template (collected as routes are added), never on the raw URL, so no spelling of a path
 * gets past it. `off` answers the not-found handler's own 404.
 */
export function guardOperationalEndpoints(fastify: FastifyInstance, access: OperationalEndpointAccess): void {
  const guarded = new Map<string, EndpointAccess>();
  fastify.addHook('onRoute', (route) => {
    const endpoint = operationalEndpointOf(route.url);
    if (endpoint && access[endpoint].mode !== 'open') guarded.set(route.url, access[endpoint]);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const endpointAccess = guarded.get(request.routeOptions.url ?? '');
    if (endpointAccess === undefined) return done();
    switch (endpointAccess.check(request.headers.authorization)) {
      case 'allowed':
        return done();
      case 'off':
        return reply.callNotFound();
      case 'missing-token':
        return done(new AuthException(AuthErrorCode.MissingToken, 'A bearer token is required (Authorization: Bearer <token>)'));
      case 'wrong-token':
        return done(new AuthException(AuthErrorCode.InvalidToken, 'The bearer token is not the one configured for this endpoint'));
    }
  });
}
