import { Reflector } from '@nestjs/core';
import { SessionService } from '../session/session.service';
import { AccessClaims, AccessTokenService } from '../tokens/access-token.service';
import { JwtAuthGuard } from './jwt-auth.guard';

class CountingTokens {
  verifications = 0;

  verify(): AccessClaims {
    this.verifications += 1;
    return { sub: 'u-1', tid: 't-1', sid: 's-1', role: 'member', name: 'alice' };
  }
}

const liveSessions = { isActive: async () => true } as unknown as SessionService;

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

    it('should refuse a missing bearer token', async () => {
      const sut = new JwtAuthGuard(new Reflector(), new CountingTokens() as unknown as AccessTokenService, liveSessions);

      await expect(sut.authenticateRequest({}, undefined)).rejects.toMatchObject({ code: 'MISSING_TOKEN', status: 401 });
    });
  });
});
