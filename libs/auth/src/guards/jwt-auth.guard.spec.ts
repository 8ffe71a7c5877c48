import { Reflector } from '@nestjs/core';
import { SessionService } from '../session/session.service';
import { AccessClaims, AccessTokenService } from '../tokens/access-token.service';
import { JwtAuthGuard } from './jwt-auth.guard';

class CountingTokens {
  verifications = 0;

  verify(): AccessClaims {
    this.verifications += 1;
    return { sub: 'u-1', tid: 't-1', sid: 's-1', role: 'member', name: 'alice', exp: 2_000_000_000 };
  }
}

const userOf = (claims: AccessClaims) => ({
  userId: claims.sub,
  tenantId: claims.tid,
  username: claims.name,
  role: claims.role,
  sessionId: claims.sid,
});
/** A store lookup is needed: the session is verified asynchronously. */
const liveSessions = { verify: async (claims: AccessClaims) => userOf(claims) } as unknown as SessionService;
/** The node confirmed the session recently: verified at once. */
const confirmedSessions = { verify: (claims: AccessClaims) => userOf(claims) } as unknown as SessionService;

describe(JwtAuthGuard.name, () => {
  describe('authenticateRequest', () => {
    it('should verify a request once however often it is asked, and each request separately', async () => {
      const tokens = new CountingTokens();
      const sut = new JwtAuthGuard(new Reflector(), tokens as unknown as AccessTokenService, liveSessions);
      const first = {};
      const second = {};

      const users = await Promise.all([
        sut.authenticateRequest(first, 'Bearer a'),
        sut.authenticateRequest(first, 'Bearer a'),
        sut.authenticateRequest(second, 'Bearer a'),
      ]);

      expect(tokens.verifications).toBe(2);
      expect(users[0]).toEqual({ userId: 'u-1', tenantId: 't-1', username: 'alice', role: 'member', sessionId: 's-1' });
    });

    it('should answer at once, without a promise, when the session was confirmed on this node', () => {
      const sut = new JwtAuthGuard(new Reflector(), new CountingTokens() as unknown as AccessTokenService, confirmedSessions);

      const user = sut.authenticateRequest({}, 'Bearer a');

      expect(user).toEqual({ userId: 'u-1', tenantId: 't-1', username: 'alice', role: 'member', sessionId: 's-1' });
    });

    it('should refuse a missing bearer token, and keep refusing the same request without verifying again', () => {
      const tokens = new CountingTokens();
      const sut = new JwtAuthGuard(new Reflector(), tokens as unknown as AccessTokenService, liveSessions);
      const request = {};

      const refusals = [0, 1].map(() => {
        try {
          sut.authenticateRequest(request, undefined);
          return undefined;
        } catch (error) {
          return error;
        }
      });

      expect(refusals).toEqual([
        expect.objectContaining({ code: 'MISSING_TOKEN', status: 401 }),
        expect.objectContaining({ code: 'MISSING_TOKEN', status: 401 }),
      ]);
      expect(tokens.verifications).toBe(0);
    });
  });
});
