import { signIdentity, verifyIdentity } from './identity.signer';

const SECRET = 'identity-secret-for-unit-tests-0123456789';
const NOW = 1_800_000_000_000;
const identity = { tenantId: 't-1', userId: 'u-1', role: 'member' };

describe(verifyIdentity.name, () => {
  it('should accept the headers it signed', () => {
    const headers = signIdentity(SECRET, identity, 'GET', '/api/v1/spaces', NOW);

    expect(verifyIdentity(SECRET, headers, 'GET', '/api/v1/spaces', NOW)).toBe(true);
  });

  it.each([
    ['a tampered tenant', { 'x-tenant-id': 't-2' }, 'GET', '/api/v1/spaces'],
    ['a tampered role', { 'x-user-role': 'owner' }, 'GET', '/api/v1/spaces'],
    ['another method', {}, 'DELETE', '/api/v1/spaces'],
    ['another path', {}, 'GET', '/api/v1/users'],
  ])('should refuse %s', (_case, change, method, path) => {
    const headers = { ...signIdentity(SECRET, identity, 'GET', '/api/v1/spaces', NOW), ...change };

    expect(verifyIdentity(SECRET, headers, method, path, NOW)).toBe(false);
  });

  it('should refuse another secret and a stale timestamp', () => {
    const headers = signIdentity(SECRET, identity, 'GET', '/x', NOW);

    expect(verifyIdentity('another-secret-entirely-0123456789abcdef', headers, 'GET', '/x', NOW)).toBe(false);
    expect(verifyIdentity(SECRET, headers, 'GET', '/x', NOW + 61_000)).toBe(false);
  });
});
