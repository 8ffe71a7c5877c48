import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppException, CommonErrorCode } from './app.exception';

/** Deeper than any body this API takes; validators and transformers recurse, so depth is a stack to protect. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether the JSON text nests objects or arrays deeper than `max` (strings are skipped, escapes honoured). */
export function exceedsJsonDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) depth--;
  }
  return false;
}

/**
 * Fastify's own JSON parser (prototype poisoning refused) behind a depth check, for Nest's `useBodyParser`:
 * a body nested thousands deep parses, then overflows the stack of whatever walks it (a 500 before this check).
 */
export function depthCheckedJsonParser(
  fastify: FastifyInstance,
): (request: FastifyRequest, body: Buffer, done: (error: Error | null, parsed?: unknown) => void) => void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const text = body.toString('utf8');
    if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
      done(new AppException(CommonErrorCode.MalformedJson, 400, `Request body nests deeper than ${MAX_JSON_DEPTH} levels`));
      return;
    }
    parse(request, text, done);
  };
}
