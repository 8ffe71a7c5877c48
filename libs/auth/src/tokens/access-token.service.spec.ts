import { Clock } from '@switchyard/common';
import { createHmac } from 'node:crypto';
import { AuthConfig } from '../config/auth.config';
import { Session } from '../session/session';
import { AccessTokenService } from './access-token.service';

class FakeClock extends Clock {
  current = 1_800_000_000_000;
  override now(): number {
    return this.current;
  }
}

const config = {
  jwtSecret: 'unit-test-secret-that-is-at-least-32-bytes',
  jwtAlgorithm: 'HS256',
  jwtIssuer: 'switchyard',
  jwtAudience: 'switchyard-api',
  accessTtlSeconds: 900,
} as AuthConfig;

const session = { id: 's-1', userId: 'u-1', tenantId: 't-1', role: 'member', username: 'alice' } as Session;
const claims = { sub: 'u-1', tid: 't-1', sid: 's-1', role: 'member', name: 'alice' };

const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');

/** What anyone holding the key could mint: an HS256 JWT signed correctly, with exactly the times given. */
const mint = (times: Record<string, unknown>) => {
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, iss: 'switchyard', aud: 'switchyard-api', ...times })}`;
  return `${input}.${createHmac('sha256', config.jwtSecret).update(input).digest('base64url')}`;
};

const refusalOf = (sut: AccessTokenService, token: string) => {
  try {
    sut.verify(token);
    return 'accepted';
  } catch (error) {
    const { status, code, message } = error as { status: number; code: string; message: string };
    return `${status} ${code}: ${message}`;
  }
};

describe(AccessTokenService.name, () => {
  const clock = new FakeClock();
  const now = Math.floor(clock.current / 1000);
  const sut = new AccessTokenService(config, clock);

  describe('verify', () => {
    it('should accept the tokens it signs, with their claims', () => {
      const token = sut.sign(session);

      const verified = sut.verify(token);

      expect(verified).toEqual({ sub: 'u-1', tid: 't-1', sid: 's-1', role: 'member', name: 'alice', exp: now + 900 });
    });

    it('should accept a token issued by a node whose clock runs a little ahead', () => {
      const token = mint({ iat: now + 30, exp: now + 930 });

      const refusal = refusalOf(sut, token);

      expect(refusal).toBe('accepted');
    });

    it.each([
      ['without exp', { iat: now }],
      ['without iat', { exp: now + 900 }],
      ['with an exp beyond the configured lifetime', { iat: now, exp: now + 10 * 365 * 86_400 }],
      ['issued in the future', { iat: now + 3_600, exp: now + 4_500 }],
      ['with times that are not whole seconds', { iat: String(now), exp: now + 900.5 }],
    ])('should refuse a correctly signed token %s with 401 INVALID_TOKEN', (_case, times) => {
      const token = mint(times);

      const refusal = refusalOf(sut, token);

      expect(refusal).toMatch(/^401 INVALID_TOKEN: Access token is (invalid|missing required claims)$/);
    });

    it('should refuse an expired token as expired', () => {
      const token = mint({ iat: now - 900, exp: now });

      const refusal = refusalOf(sut, token);

      expect(refusal).toBe('401 INVALID_TOKEN: Access token has expired');
    });

    it.each([
      ['junk', 'x'],
      ['a forged signature', `${mint({ iat: now, exp: now + 900 }).slice(0, -4)}AAAA`],
      ['an expired token', mint({ iat: now - 900, exp: now })],
    ])('should refuse %s without building a stack trace (anyone can send junk; a stack cost more than a verification)', (_case, token) => {
      let refused: unknown;
      try {
        sut.verify(token);
      } catch (error) {
        refused = error;
      }

      expect((refused as Error).stack).toBe(`AppException: ${(refused as Error).message}`);
      expect(new Error('a fault').stack).toMatch(/\n\s+at /);
    });
  });
});
