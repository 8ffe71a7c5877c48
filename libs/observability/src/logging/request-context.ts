import { IncomingMessage } from 'node:http';

/** Who a request turned out to be for (auth or the routing gateway learn it), kept on the raw request for the logs. */
export interface RequestLogContext {
  tenantId?: string;
  userId?: string;
}

const CONTEXT = Symbol.for('switchyard.requestLogContext');

export function requestLogContext(request: IncomingMessage): RequestLogContext {
  const holder = request as IncomingMessage & { [CONTEXT]?: RequestLogContext };
  holder[CONTEXT] ??= {};
  return holder[CONTEXT];
}
