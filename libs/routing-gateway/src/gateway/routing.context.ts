import { FastifyRequest } from 'fastify';
import { isSafeMethod } from '../fallback.policy';
import { RouteDecision } from '../routing.decision';
import { BodyCapture } from './body.capture';
import { RequestIdentity } from './request-identity.resolver';

/** What the gateway knows about one request, from its decision to its response. */
export interface RoutingContext {
  decision: RouteDecision;
  identity?: RequestIdentity;
  servedBy: 'new' | 'legacy';
  capture?: BodyCapture;
  fallback?: string;
  shadowRun?: boolean;
  deadline?: NodeJS.Timeout;
}

/** Whether the client sends a body with this request (a GET normally has none). */
export function hasRequestBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A replay must send the same body: fine when there is none, or when all of it was captured. */
export function bodyReplayable(request: FastifyRequest, context: RoutingContext): boolean {
  if (isSafeMethod(request.method)) return true;
  return hasRequestBody(request) ? context.capture?.complete === true : true;
}
