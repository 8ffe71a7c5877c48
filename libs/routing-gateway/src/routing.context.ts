import { FastifyRequest } from 'fastify';
import { RouteDecision } from './decision/core/routing.decision';
import { RequestIdentity } from './decision/request-identity.resolver';

/** What the gateway knows about one request, from its decision to its response. */
export interface RoutingContext {
  decision: RouteDecision;
  identity?: RequestIdentity;
  servedBy: 'new' | 'legacy';
  fallback?: string;
  shadowRun?: boolean;
  deadline?: NodeJS.Timeout;
}

/** Whether the client sends a body with this request (a GET normally has none). */
export function hasRequestBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
