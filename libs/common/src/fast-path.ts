import { Type } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';

/** The key under which a route's Fastify config names its fast path. */
export const FAST_PATH = 'switchyard:fastPath';

/**
 * A shortcut in front of one Nest route for the requests that need none of Nest's pipeline: it answers
 * them synchronously, with exactly what the route would have answered, and returns true; anything else
 * (an error, a value that needs I/O, a caller it cannot judge without it) returns false and goes through
 * the route's guards, pipes, handler and exception filter as usual. It runs after every Fastify hook (the
 * routing decision, the request id, the access log and metrics are the same either way), so it enforces
 * what the route's guards enforce, and must never answer anything but success.
 */
export interface FastPath {
  serve(request: FastifyRequest, reply: FastifyReply): boolean;
}

/** Puts a FastPath provider (resolved from the application's container) in front of this route. */
export const UseFastPath = (type: Type<FastPath>): MethodDecorator => RouteConfig({ [FAST_PATH]: type });
