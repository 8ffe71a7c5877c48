import { SessionService } from '@switchyard/auth';
import { CacheStore } from '@switchyard/cache';
import { UserEntity } from '@switchyard/database';
import { UsersRepository } from '../users/users.repository';
import { TenancyLegacyWrites } from './tenancy-legacy-writes';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SPACE = 'aaaaaaaa-2222-4222-8222-bbbbbbbbbbbb';
const USER = '33333333-3333-4333-8333-333333333333';

/** Records what the follower asked of the cache and the sessions; the users table holds one user of TENANT. */
function follower() {
  const calls: string[] = [];
  const cache = { evict: async (key: string) => void calls.push(`evict ${key}`) } as unknown as CacheStore;
  const users = {
    findInTenant: async (tenantId: string, id: string) =>
      tenantId === TENANT && id === USER ? ({ id: USER, tenantId, role: 'admin' } as UserEntity) : null,
  } as unknown as UsersRepository;
  const sessions = {
    revokeAllForUser: async (id: string) => void calls.push(`revoke ${id}`),
    changeRoleForUser: async (id: string, role: string) => void calls.push(`role ${id} ${role}`),
  } as unknown as SessionService;
  return { calls, writes: new TenancyLegacyWrites(cache, users, sessions) };
}

describe('TenancyLegacyWrites', () => {
  it.each([
    ['PATCH', `/api/v1/spaces/${SPACE}`],
    ['DELETE', `/api/v1/spaces/${SPACE}`],
    ['PUT', `/api/v1/spaces/${SPACE}/members/${USER}`],
  ])("should drop the cached copy of the space a legacy %s to %s changed, in the caller's tenant", async (method, path) => {
    const { calls, writes } = follower();

    await writes.follow({ method, path, tenantId: TENANT });

    expect(calls).toEqual([`evict space:${TENANT}:${SPACE}`]);
  });

  it('should drop the one entry of a space whose id legacy was sent in capitals', async () => {
    const { calls, writes } = follower();

    await writes.follow({ method: 'PATCH', path: `/api/v1/spaces/${SPACE.toUpperCase()}`, tenantId: TENANT });

    expect(calls).toEqual([`evict space:${TENANT}:${SPACE}`]);
  });

  it("should put the role legacy wrote into the user's sessions", async () => {
    const { calls, writes } = follower();

    await writes.follow({ method: 'PATCH', path: `/api/v1/users/${USER}`, tenantId: TENANT });

    expect(calls).toEqual([`role ${USER} admin`]);
  });

  it('should end the sessions of a user whose sessions legacy ended', async () => {
    const { calls, writes } = follower();

    await writes.follow({ method: 'DELETE', path: `/api/v1/users/${USER}/sessions`, tenantId: TENANT });

    expect(calls).toEqual([`revoke ${USER}`]);
  });

  it.each([
    ['a user of another tenant', 'PATCH', `/api/v1/users/${USER}`, '44444444-4444-4444-8444-444444444444'],
    ['a created user (nothing cached yet)', 'POST', '/api/v1/users', TENANT],
    ['a created space', 'POST', '/api/v1/spaces', TENANT],
    ['a path that is no id', 'PATCH', '/api/v1/spaces/not-an-id', TENANT],
    ['another route', 'POST', '/api/v1/reports/weekly', TENANT],
  ])('should leave everything alone for %s', async (_case, method, path, tenantId) => {
    const { calls, writes } = follower();

    await writes.follow({ method, path, tenantId });

    expect(calls).toEqual([]);
  });
});
