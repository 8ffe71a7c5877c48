import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { REDACTED, REDACTED_PATHS, serializeError } from './redaction';

function logOnce(object: object): Record<string, unknown> {
  const lines: string[] = [];
  const logger = pino({ redact: { paths: REDACTED_PATHS, censor: REDACTED } }, { write: (line: string) => lines.push(line) });
  logger.info(object, 'probe');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('REDACTED_PATHS', () => {
  it('should censor the Authorization header and cookies of a logged request', () => {
    const line = logOnce({ req: { headers: { authorization: 'Bearer secret-token', cookie: 'sid=secret', accept: 'json' } } });

    expect(line.req).toEqual({ headers: { authorization: REDACTED, cookie: REDACTED, accept: 'json' } });
  });

  it('should censor passwords and tokens one and two levels deep', () => {
    const line = logOnce({ body: { password: 'hunter2', refreshToken: 'r' }, user: { profile: { password: 'x' } }, password: 'top' });

    expect(line.body).toEqual({ password: REDACTED, refreshToken: REDACTED });
    expect(line.user).toEqual({ profile: { password: REDACTED } });
  });
});

describe(serializeError.name, () => {
  it("should keep a failed query's diagnosis and drop its statement and values, also in the driver's error and causes", () => {
    const driverError = Object.assign(new Error("Duplicate entry 'alice' for key 'uq_users_tenant_username'"), {
      code: 'ER_DUP_ENTRY',
      sql: "INSERT INTO `users` VALUES ('u-1', 'alice', '$scrypt$secret-hash')",
    });
    const failure = new QueryFailedError('INSERT INTO `users` VALUES (?, ?, ?)', ['u-1', 'alice', '$scrypt$secret-hash'], driverError);
    const wrapped = new Error('create user failed', { cause: failure });

    const serialized = serializeError(wrapped) as Record<string, unknown>;

    expect(JSON.stringify(serialized)).not.toContain('secret-hash');
    expect(JSON.stringify(serialized)).not.toContain('INSERT');
    expect(serialized).toMatchObject({
      type: 'Error',
      message: expect.stringContaining('create user failed'),
      cause: {
        type: 'QueryFailedError',
        message: "Duplicate entry 'alice' for key 'uq_users_tenant_username'",
        query: REDACTED,
        parameters: REDACTED,
        driverError: { code: 'ER_DUP_ENTRY', sql: REDACTED },
      },
    });
  });

  it('should pass values that are not errors through, without their data fields', () => {
    expect(serializeError({ message: 'odd', sql: 'SELECT 1' })).toEqual({ message: 'odd', sql: REDACTED });
    expect(serializeError('plain')).toBe('plain');
  });
});
