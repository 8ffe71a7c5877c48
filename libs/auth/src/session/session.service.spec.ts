import { Clock } from '@switchyard/common';
import { DependencyUnavailableException } from '@switchyard/errors';
import { AuthErrorCode } from '../auth.errors';
import { AuthConfig } from '../config/auth.config';
import { AccessTokenService } from '../tokens/access-token.service';
import { RefreshTokenCodec } from '../tokens/refresh-token.codec';
import { LoginCandidate } from '../user.directory';
import { MemorySessionStore } from './memory-session.store';
import { SessionCheckCache } from './session-check.cache';
import { SessionService } from './session.service';

class FakeClock extends Clock {
  current = 1_800_000_000_000;
  override now(): number {
    return this.current;
  }
  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

const config = {
  jwtSecret: 'unit-test-secret-that-is-at-least-32-bytes',
  jwtAlgorithm: 'HS256',
  jwtIssuer: 'switchyard',
  jwtAudience: 'switchyard-api',
  accessTtlSeconds: 900,
  sessionIdleTtlSeconds: 3_600,
  sessionAbsoluteTtlSeconds: 86_400,
  refreshGraceMs: 10_000,
  sessionCheckCacheMs: 2_000,
  sessionOutageGraceMs: 300_000,
  loginThrottle: { ipLimit: 10, userLimit: 5, windowMs: 60_000 },
} as AuthConfig;

const alice: LoginCandidate = { userId: 'u-1', tenantId: 't-1', username: 'alice', role: 'member', passwordHash: 'unused' };

function createSut() {
  const clock = new FakeClock();
  const store = new MemorySessionStore(clock);
  const checks = new SessionCheckCache(clock, config);
  const tokens = new AccessTokenService(config);
  const sut = new SessionService(store, checks, tokens, new RefreshTokenCodec(config), clock, config);
  return { sut, clock, store, tokens };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code,
  );

describe(SessionService.name, () => {
  describe('refresh', () => {
    it('should rotate: the new refresh token works and differs from the old one', async () => {
      const { sut } = createSut();
      const first = await sut.open(alice);

      const second = await sut.refresh(first.refreshToken);
      const third = await sut.refresh(second.refreshToken);

      expect(second.refreshToken).not.toEqual(first.refreshToken);
      expect(third.refreshToken).not.toEqual(second.refreshToken);
    });

    it('should answer a second refresh with the same token inside the grace window with the current pair', async () => {
      const { sut, clock } = createSut();
      const first = await sut.open(alice);
      const rotated = await sut.refresh(first.refreshToken);
      clock.advance(9_999);

      const concurrent = await sut.refresh(first.refreshToken);

      expect(concurrent.refreshToken).toEqual(rotated.refreshToken);
    });

    it('should revoke the whole session when a spent token comes back after the grace window', async () => {
      const { sut, clock } = createSut();
      const first = await sut.open(alice);
      const rotated = await sut.refresh(first.refreshToken);
      clock.advance(10_001);

      const reuse = await codeOf(sut.refresh(first.refreshToken));
      const newest = await codeOf(sut.refresh(rotated.refreshToken));

      expect(reuse).toBe(AuthErrorCode.RefreshTokenReused);
      expect(newest).toBe(AuthErrorCode.InvalidRefreshToken);
      await expect(sut.isActive(first.refreshToken.split('.')[0]!)).resolves.toBe(false);
    });

    it('should refuse a forged mac without revoking the session', async () => {
      const { sut } = createSut();
      const pair = await sut.open(alice);
      const [sessionId, generation] = pair.refreshToken.split('.');

      const forged = await codeOf(sut.refresh(`${sessionId}.${generation}.${'A'.repeat(43)}`));

      expect(forged).toBe(AuthErrorCode.InvalidRefreshToken);
      await expect(sut.refresh(pair.refreshToken)).resolves.toBeDefined();
    });

    it('should end the session at its absolute lifetime even when refreshed all along', async () => {
      const { sut, clock } = createSut();
      let pair = await sut.open(alice);
      for (let step = 0; step < 24; step += 1) {
        clock.advance(3_500_000);
        pair = await sut.refresh(pair.refreshToken);
      }
      clock.advance(3_000_000);

      const late = await codeOf(sut.refresh(pair.refreshToken));

      expect(late).toMatch(/^(SESSION_REVOKED|INVALID_REFRESH_TOKEN)$/);
    });
  });

  describe('isActive', () => {
    it('should be false right after close on this node', async () => {
      const { sut } = createSut();
      const pair = await sut.open(alice);
      const sessionId = pair.refreshToken.split('.')[0]!;

      await sut.close(sessionId);

      await expect(sut.isActive(sessionId)).resolves.toBe(false);
    });

    it('should honour a recently confirmed session while the store is down, and refuse an unknown one', async () => {
      const { sut, clock, store } = createSut();
      const pair = await sut.open(alice);
      const sessionId = pair.refreshToken.split('.')[0]!;
      clock.advance(5_000);
      store.get = () => Promise.reject(new DependencyUnavailableException('redis'));

      const known = await sut.isActive(sessionId);
      const unknown = await codeOf(sut.isActive('00000000-0000-4000-8000-000000000000'));

      expect(known).toBe(true);
      expect(unknown).toBe('DEPENDENCY_UNAVAILABLE');
    });
  });
});
