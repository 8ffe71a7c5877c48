import pino from 'pino';

/** What a censored value reads as in the logs (pino's own default wording). */
export const REDACTED = '[Redacted]';

/** Paths pino censors in every log line: credentials in headers and bodies, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-internal-token"]',
  'req.headers["x-identity-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.secret',
  '*.*.password',
  '*.*.accessToken',
  '*.*.refreshToken',
];

/**
 * Fields of errors that carry data, not diagnosis: TypeORM's `query` and `parameters`, mysql2's `sql`
 * (with the values written in), and the like. A failed INSERT would otherwise log password hashes and ciphertexts.
 */
const DATA_FIELDS = new Set(['query', 'parameters', 'sql', 'values', 'params', 'body']);
const MAX_DEPTH = 5;

function withoutData(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => withoutData(item, depth + 1));
  const kept: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(value)) {
    kept[field] = DATA_FIELDS.has(field) ? REDACTED : withoutData(inner, depth + 1);
  }
  return kept;
}

/** pino's error serialiser (type, message, stack, cause, own fields) without the fields that carry data. */
export function serializeError(error: unknown): unknown {
  const serialized = error instanceof Error ? pino.stdSerializers.errWithCause(error) : error;
  return withoutData(serialized, 0);
}
