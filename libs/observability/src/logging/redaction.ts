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
