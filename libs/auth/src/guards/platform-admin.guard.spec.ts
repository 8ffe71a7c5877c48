import { ExecutionContext } from '@nestjs/common';
import { AuthConfig } from '../config/auth.config';
import { AuthUser } from '../auth.types';
import { LoginCandidate, UserDirectory } from '../user.directory';
import { PlatformAdminGuard } from './platform-admin.guard';

/** Two tenants, as the tenancy lib would report them. */
class FakeDirectory extends UserDirectory {
  readonly slugs = new Map([
    ['t-platform', 'platform'],
    ['t-acme', 'acme'],
  ]);

  async findForLogin(): Promise<LoginCandidate | null> {
    return null;
  }

  async findById(): Promise<LoginCandidate | null> {
    return null;
  }

  async updatePasswordHash(): Promise<void> {}

  async findTenantSlug(tenantId: string): Promise<string | null> {
    return this.slugs.get(tenantId) ?? null;
  }
}

const contextFor = (user: AuthUser | undefined) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ user }) }) }) as unknown as ExecutionContext;

const userOf = (tenantId: string, role: AuthUser['role']): AuthUser => ({
  userId: 'u-1',
  tenantId,
  username: 'someone',
  role,
  sessionId: 's-1',
});

const createSut = (platformTenant: string | undefined) => new PlatformAdminGuard(new FakeDirectory(), { platformTenant } as AuthConfig);

const outcomeOf = (promise: Promise<boolean>) =>
  promise.then(
    (allowed) => (allowed ? 'allowed' : 'refused'),
    (error: { code?: string; status?: number }) => `${error.status} ${error.code}`,
  );

describe(PlatformAdminGuard.name, () => {
  describe('canActivate', () => {
    it.each(['owner', 'admin'] as const)('should let an %s of the platform tenant in', async (role) => {
      const sut = createSut('platform');

      const outcome = await outcomeOf(sut.canActivate(contextFor(userOf('t-platform', role))));

      expect(outcome).toBe('allowed');
    });

    it.each(['member', 'viewer'] as const)('should refuse a %s of the platform tenant with 403', async (role) => {
      const sut = createSut('platform');

      const outcome = await outcomeOf(sut.canActivate(contextFor(userOf('t-platform', role))));

      expect(outcome).toBe('403 FORBIDDEN');
    });

    it('should refuse the owner of another tenant with 403', async () => {
      const sut = createSut('platform');

      const outcome = await outcomeOf(sut.canActivate(contextFor(userOf('t-acme', 'owner'))));

      expect(outcome).toBe('403 FORBIDDEN');
    });

    it('should refuse everyone when no platform tenant is configured, and a caller of an unknown tenant', async () => {
      const unconfigured = createSut(undefined);
      const configured = createSut('platform');

      const outcomes = await Promise.all([
        outcomeOf(unconfigured.canActivate(contextFor(userOf('t-platform', 'owner')))),
        outcomeOf(configured.canActivate(contextFor(userOf('t-gone', 'owner')))),
        outcomeOf(configured.canActivate(contextFor(undefined))),
      ]);

      expect(outcomes).toEqual(['403 FORBIDDEN', '403 FORBIDDEN', '403 FORBIDDEN']);
    });
  });
});
