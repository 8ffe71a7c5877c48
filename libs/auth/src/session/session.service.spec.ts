import { Clock } from '@switchyard/common';
import { TenantRole } from '@switchyard/database';
import { EventBus } from '@switchyard/redis';
import { DependencyUnavailableException } from '@switchyard/errors';
import { AuthErrorCode } from '../auth.errors';
import { AuthConfig } from '../config/auth.config';
import { AccessTokenService } from '../tokens/access-token.service';
import { RefreshTokenCodec } from '../tokens/refresh-token.codec';
import { LoginCandidate, UserDirectory } from '../user.directory';
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

/** Delivers each message to every subscriber, as the in-process bus of the embedded profile does. */
class InstantBus extends EventBus {
  private readonly handlers: Array<(message: unknown) => void> = [];

  async publish(_channel: string, message: unknown): Promise<void> {
    for (const handler of this.handlers) handler(JSON.parse(JSON.stringify(message)));
  }

  async subscribe(_channel: string, handler: (message: unknown) => void): Promise<void> {
    this.handlers.push(handler);
  }
}

/** The users as the tenancy lib would report them now. */
class FakeDirectory extends UserDirectory {
  readonly users = new Map<string, LoginCandidate>([[alice.userId, alice]]);

  async findForLogin(): Promise<LoginCandidate | null> {
    return null;
  }

  async findById(_tenantId: string, userId: string): Promise<LoginCandidate | null> {
    return this.users.get(userId) ?? null;
  }

  async updatePasswordHash(): Promise<void> {}

  async findTenantSlug(): Promise<string | null> {
    return null;
  }
}

async function createSut() {
  const clock = new FakeClock();
  const store = new MemorySessionStore(clock);
  const checks = new SessionCheckCache(clock, config);
  const tokens = new AccessTokenService(config, clock);
  const directory = new FakeDirectory();
  const bus = new InstantBus();
  const sut = new SessionService(store, checks, tokens, new RefreshTokenCodec(config), clock, config, directory, bus);
  await sut.onModuleInit();
  return { sut, clock, store, tokens, directory, bus, checks };
}

/** The claims the access token of a pair carries. */
const claimsOf = (pair: { accessToken: string }, tokens: AccessTokenService) => tokens.verify(pair.accessToken);

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: string }) => error.code,
  );

describe(SessionService.name, () => {
  describe('refresh', () => {
    it('should rotate: the new refresh token works and differs from the old one', async () => {
      const { sut } = await createSut();
      const first = await sut.open(alice);

      const second = await sut.refresh(first.refreshToken);
      const third = await sut.refresh(second.refreshToken);

      expect(second.refreshToken).not.toEqual(first.refreshToken);
      expect(third.refreshToken).not.toEqual(second.refreshToken);
    });

    it('should answer a second refresh with the same token inside the grace window with the current pair', async () => {
      const { sut, clock } = await createSut();
      const first = await sut.open(alice);
      const rotated = await sut.refresh(first.refreshToken);
      clock.advance(9_999);

      const concurrent = await sut.refresh(first.refreshToken);

      expect(concurrent.refreshToken).toEqual(rotated.refreshToken);
    });

    it('should revoke the whole session when a spent token comes back after the grace window', async () => {
      const { sut, clock, store } = await createSut();
      const first = await sut.open(alice);
      const rotated = await sut.refresh(first.refreshToken);
      clock.advance(10_001);

      const reuse = await codeOf(sut.refresh(first.refreshToken));
      const newest = await codeOf(sut.refresh(rotated.refreshToken));

      expect(reuse).toBe(AuthErrorCode.RefreshTokenReused);
      expect(newest).toBe(AuthErrorCode.InvalidRefreshToken);
      await expect(store.get(first.refreshToken.split('.')[0]!)).resolves.toBeNull();
    });

    it('should refuse a forged mac without revoking the session', async () => {
      const { sut } = await createSut();
      const pair = await sut.open(alice);
      const [sessionId, generation] = pair.refreshToken.split('.');

      const forged = await codeOf(sut.refresh(`${sessionId}.${generation}.${'A'.repeat(43)}`));

      expect(forged).toBe(AuthErrorCode.InvalidRefreshToken);
      await expect(sut.refresh(pair.refreshToken)).resolves.toBeDefined();
    });

    it('should end the session at its absolute lifetime even when refreshed all along', async () => {
      const { sut, clock } = await createSut();
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

  describe('verify', () => {
    it('should refuse a token once its session is closed on this node', async () => {
      const { sut, tokens } = await createSut();
      const pair = await sut.open(alice);
      const claims = claimsOf(pair, tokens);

      await sut.close(claims.sid);

      await expect(Promise.resolve().then(() => sut.verify(claims))).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    });

    it.each<[string, Partial<{ sub: string; tid: string; role: TenantRole }>]>([
      ['another user', { sub: 'u-2' }],
      ['another tenant', { tid: 't-2' }],
      ['another role', { role: 'owner' }],
    ])('should refuse claims of %s on a live session, from the store and from the node cache', async (_, forged) => {
      const { sut, tokens, checks } = await createSut();
      const pair = await sut.open(alice);
      const claims = { ...claimsOf(pair, tokens), ...forged };

      const cached = await Promise.resolve()
        .then(() => sut.verify(claims))
        .catch((error: { code: string }) => error.code);
      checks.evict(claims.sid);
      const fromStore = await Promise.resolve()
        .then(() => sut.verify(claims))
        .catch((error: { code: string }) => error.code);

      expect([cached, fromStore]).toEqual(['INVALID_TOKEN', 'INVALID_TOKEN']);
    });

    it('should honour a recently confirmed session while the store is down, and refuse an unknown one', async () => {
      const { sut, clock, store, tokens } = await createSut();
      const pair = await sut.open(alice);
      const claims = claimsOf(pair, tokens);
      clock.advance(5_000);
      store.get = () => Promise.reject(new DependencyUnavailableException('redis'));

      const known = await sut.verify(claims);
      const unknown = await codeOf(Promise.resolve().then(() => sut.verify({ ...claims, sid: '00000000-0000-4000-8000-000000000000' })));

      expect(known.userId).toBe('u-1');
      expect(unknown).toBe('DEPENDENCY_UNAVAILABLE');
    });
  });

  describe('verify (renewing what the node confirmed)', () => {
    // Lets the store read started by a request finish: the memory store answers at once.
    const settled = () => new Promise((resolve) => setImmediate(resolve));

    it('should admit from the confirmation without reading the store in the first half of the window', async () => {
      const { sut, clock, store, tokens } = await createSut();
      const claims = claimsOf(await sut.open(alice), tokens);
      const reads = jest.spyOn(store, 'get');
      clock.advance(999);

      const user = sut.verify(claims);
      await settled();

      expect(user).toMatchObject({ userId: 'u-1' });
      expect(reads).not.toHaveBeenCalled();
    });

    it("should renew an active session's confirmation in the second half, with one read for many requests", async () => {
      const { sut, clock, store, tokens } = await createSut();
      const claims = claimsOf(await sut.open(alice), tokens);
      const reads = jest.spyOn(store, 'get');
      clock.advance(1_500);

      const admitted = [sut.verify(claims), sut.verify(claims), sut.verify(claims)];
      await settled();
      clock.advance(900); // past the first confirmation's end, in the first half of the renewed one
      const later = sut.verify(claims);

      expect([...admitted, later].every((user) => !(user instanceof Promise) && user.userId === 'u-1')).toBe(true);
      expect(reads).toHaveBeenCalledTimes(1);
    });

    it('should refuse the next request of a session the renewal found ended', async () => {
      const { sut, clock, store, tokens } = await createSut();
      const claims = claimsOf(await sut.open(alice), tokens);
      jest.spyOn(store, 'get').mockResolvedValue(null); // ended elsewhere; the event has not arrived
      clock.advance(1_500);

      const admitted = sut.verify(claims);
      await settled();
      const next = await codeOf(Promise.resolve().then(() => sut.verify(claims)));

      expect(admitted).toMatchObject({ userId: 'u-1' });
      expect(next).toBe('SESSION_REVOKED');
    });

    it('should share one store read among the requests that miss together', async () => {
      const { sut, clock, store, tokens } = await createSut();
      const claims = claimsOf(await sut.open(alice), tokens);
      const reads = jest.spyOn(store, 'get');
      clock.advance(5_000);

      const users = await Promise.all([sut.verify(claims), sut.verify(claims), sut.verify(claims)]);

      expect(users.map((user) => user.userId)).toEqual(['u-1', 'u-1', 'u-1']);
      expect(reads).toHaveBeenCalledTimes(1);
    });

    it('should not remember what a read found when the session was evicted while it ran', async () => {
      const { sut, clock, store, tokens, checks } = await createSut();
      const claims = claimsOf(await sut.open(alice), tokens);
      const live = await store.get(claims.sid);
      let answer: (session: typeof live) => void = () => undefined;
      const reads = jest.spyOn(store, 'get').mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
      clock.advance(5_000);

      const pending = sut.verify(claims);
      checks.evict(claims.sid); // the session's end arrived while the store was being read
      answer(live);
      await pending;
      const next = sut.verify(claims);
      await next;

      expect(next).toBeInstanceOf(Promise);
      expect(reads).toHaveBeenCalledTimes(2);
    });
  });

  describe('refresh (re-reading the user)', () => {
    it('should issue the role the user has now', async () => {
      const { sut, tokens, directory } = await createSut();
      const pair = await sut.open(alice);
      directory.users.set(alice.userId, { ...alice, role: 'viewer' });

      const refreshed = await sut.refresh(pair.refreshToken);

      expect(claimsOf(refreshed, tokens).role).toBe('viewer');
    });

    it('should end the session of a user who no longer exists', async () => {
      const { sut, directory } = await createSut();
      const pair = await sut.open(alice);
      directory.users.delete(alice.userId);

      const first = await codeOf(sut.refresh(pair.refreshToken));
      const again = await codeOf(sut.refresh(pair.refreshToken));

      expect([first, again]).toEqual(['SESSION_REVOKED', 'INVALID_REFRESH_TOKEN']);
    });
  });

  describe('changeRoleForUser', () => {
    it('should refuse tokens carrying the old role at once, and issue the new one on refresh', async () => {
      const { sut, tokens, directory } = await createSut();
      const pair = await sut.open(alice);
      directory.users.set(alice.userId, { ...alice, role: 'viewer' });

      await sut.changeRoleForUser(alice.userId, 'viewer');
      const old = await codeOf(Promise.resolve().then(() => sut.verify(claimsOf(pair, tokens))));
      const refreshed = await sut.refresh(pair.refreshToken);

      expect(old).toBe('INVALID_TOKEN');
      expect((await sut.verify(claimsOf(refreshed, tokens))).role).toBe('viewer');
    });
  });

  describe('revokeAllForUser', () => {
    it('should end every session of the user but the one kept, and tell the listeners', async () => {
      const { sut, tokens } = await createSut();
      const [first, second, kept] = [await sut.open(alice), await sut.open(alice), await sut.open(alice)];
      const ended: string[][] = [];
      sut.onSessionsEnded((sessionIds) => ended.push(sessionIds));

      const count = await sut.revokeAllForUser(alice.userId, claimsOf(kept, tokens).sid);

      expect(count).toBe(2);
      expect(await codeOf(sut.refresh(first.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
      expect(await codeOf(sut.refresh(second.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
      expect(await sut.refresh(kept.refreshToken)).toBeDefined();
      expect(ended).toEqual([expect.arrayContaining([claimsOf(first, tokens).sid, claimsOf(second, tokens).sid])]);
    });
  });
});
