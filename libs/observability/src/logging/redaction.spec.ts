import pino from 'pino';
import { REDACTED, REDACTED_PATHS } from './redaction';

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
