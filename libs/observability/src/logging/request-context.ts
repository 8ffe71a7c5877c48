import { IncomingMessage } from 'node:http';

/** What later layers (router, auth) learn about a request, kept on the raw request for the access log. */
export interface RequestLogContext {
  route?: string;
  tenantId?: string;
  userId?: string;
  handler?: string;
}

const CONTEXT = Symbol.for('switchyard.requestLogContext');

export function requestLogContext(request: IncomingMessage): RequestLogContext {
  const holder = request as IncomingMessage & { [CONTEXT]?: RequestLogContext };
  holder[CONTEXT] ??= {};
  return holder[CONTEXT];
}
