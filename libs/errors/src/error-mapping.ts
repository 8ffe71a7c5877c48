import { HttpException, HttpStatus } from '@nestjs/common';
import { AppException, CommonErrorCode, DependencyUnavailableException } from './app.exception';

export interface ErrorResponse {
  status: number;
  body: { statusCode: number; error: string; message: string; details?: unknown };
  headers: Record<string, string>;
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: CommonErrorCode.NotFound,
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: CommonErrorCode.PayloadTooLarge,
  415: CommonErrorCode.UnsupportedMediaType,
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

// Fastify reports body parsing problems with its own codes before Nest sees the request.
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: CommonErrorCode.MalformedJson, message: 'Request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: CommonErrorCode.MalformedJson,
    message: 'Request body is empty but Content-Type is application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: CommonErrorCode.PayloadTooLarge,
    message: 'Request body is larger than the configured limit',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: CommonErrorCode.UnsupportedMediaType, message: 'Unsupported Content-Type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: 'Content-Length does not match the body' },
};

// Nest's Fastify adapter wraps Fastify's 4xx errors in an HttpException with the original as `cause`.
function knownFastifyError(error: unknown): (typeof FASTIFY_CODES)[string] | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
}

function httpExceptionMessage(exception: HttpException): { message: string; details?: unknown } {
  const response = exception.getResponse();
  if (typeof response === 'string') return { message: response };
  const record = response as Record<string, unknown>;
  const message = Array.isArray(record.message) ? record.message.join('; ') : String(record.message ?? exception.message);
  return { message, details: record.details };
}

// MariaDB answers these when it cannot take the query at all, rather than refusing this one.
// PROTOCOL_SEQUENCE_TIMEOUT: mysql2 gave up a query after DATABASE_QUERY_TIMEOUT_MS (not marked fatal).
const DATABASE_UNAVAILABLE_CODES = new Set(['ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_NORMAL_SHUTDOWN', 'PROTOCOL_SEQUENCE_TIMEOUT']);

/**
 * The database could not be reached or dropped the connection: mysql2 marks such errors `fatal` (refused,
 * reset, lost, timed out), whether they come raw from the pool or wrapped by TypeORM in `driverError`.
 */
export function isDatabaseOutage(exception: unknown): boolean {
  for (const candidate of [exception, (exception as { driverError?: unknown } | undefined)?.driverError]) {
    const error = candidate as { fatal?: unknown; code?: unknown } | undefined;
    if (error && typeof error === 'object' && (error.fatal === true || DATABASE_UNAVAILABLE_CODES.has(String(error.code)))) return true;
    // mysql2's pool refusing a query because DATABASE_QUEUE_LIMIT queries already wait: the database is too slow to take it.
    if (error instanceof Error && error.message === 'Queue limit reached.') return true;
  }
  return false;
}

/** Maps anything thrown to a status, a stable code, a safe message and headers. */
export function toErrorResponse(exception: unknown, requestId: string): ErrorResponse {
  if (!(exception instanceof AppException) && isDatabaseOutage(exception))
    return toErrorResponse(new DependencyUnavailableException('database', exception), requestId);
  if (exception instanceof AppException) {
    return {
      status: exception.status,
      headers: exception.headers,
      body: { statusCode: exception.status, error: exception.code, message: exception.message, details: exception.details },
    };
  }
  const fastify = knownFastifyError(exception instanceof HttpException ? exception.cause : exception);
  if (fastify)
    return { status: fastify.status, headers: {}, body: { statusCode: fastify.status, error: fastify.code, message: fastify.message } };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const { message, details } = httpExceptionMessage(exception);
    return {
      status,
      headers: {},
      body: { statusCode: status, error: CODES_BY_STATUS[status] ?? HttpStatus[status] ?? 'ERROR', message, details },
    };
  }
  return {
    status: 500,
    headers: {},
    body: { statusCode: 500, error: CommonErrorCode.Internal, message: 'Internal server error', details: { requestId } },
  };
}
