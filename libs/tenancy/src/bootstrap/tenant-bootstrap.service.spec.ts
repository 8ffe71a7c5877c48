import { TenantEntity } from '@switchyard/database';
import { PasswordHasher } from '@switchyard/auth';
import { BootstrapRepository } from './bootstrap.repository';
import { TenantBootstrapService } from './tenant-bootstrap.service';

class FakeBootstrapRepository {
  readonly users = new Set<string>();
  readonly tenant = { id: 't1', slug: 'acme' } as TenantEntity;

  async ensureTenant(): Promise<TenantEntity> {
    return this.tenant;
  }

  async userExists(tenantId: string, username: string): Promise<boolean> {
    return this.users.has(`${tenantId}/${username}`);
  }

  async createOwnerIfAbsent(tenantId: string, username: string): Promise<boolean> {
    const key = `${tenantId}/${username}`;
    if (this.users.has(key)) return false;
    this.users.add(key);
    return true;
  }
}

const fastHasher = { hash: async (password: string) => `hashed:${password}` } as PasswordHasher;

describe(TenantBootstrapService.name, () => {
  describe('run', () => {
    it('should skip when no bootstrap tenant is configured', async () => {
      const sut = new TenantBootstrapService(
        { enabled: false },
        new FakeBootstrapRepository() as unknown as BootstrapRepository,
        fastHasher,
      );

      await expect(sut.run()).resolves.toBe('skipped');
    });

    it('should create the owner once and report it present afterwards', async () => {
      const repository = new FakeBootstrapRepository();
      const config = { enabled: true as const, tenant: 'acme', adminUser: 'admin', adminPassword: 'a-long-password' };
      const sut = new TenantBootstrapService(config, repository as unknown as BootstrapRepository, fastHasher);

      const first = await sut.run();
      const second = await sut.run();

      expect([first, second]).toEqual(['created', 'already-present']);
      expect([...repository.users]).toEqual(['t1/admin']);
    });
  });
});
