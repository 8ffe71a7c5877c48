import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EMPTY_CONTENT_SHA256,
  RequestAtLegacy,
  canonicalIdentityString,
  contentSha256Of,
  signIdentity,
  verifyIdentity,
} from './identity.signer';

const SECRET = 'identity-secret-for-unit-tests-0123456789';
const NOW = 1_800_000_000_000;
const identity = { tenantId: 't-1', userId: 'u-1', role: 'member' };
const body = Buffer.from('{"name":"Q1"}');
const target = '/api/v1/reports?from=2026-01-01&limit=5';

/** A POST with a query and a body as the gateway signs it and legacy receives it. */
function signedPost(overrides: Partial<RequestAtLegacy> = {}, nowMs = NOW): RequestAtLegacy {
  const headers = signIdentity(SECRET, identity, { method: 'POST', target, contentSha256: contentSha256Of(body) }, nowMs);
  return { method: 'POST', target, headers, body, ...overrides };
}

describe(verifyIdentity.name, () => {
  it('should accept the headers it signed, and name the identity', () => {
    const request = signedPost();

    const verification = verifyIdentity(SECRET, request, NOW);

    expect(verification).toEqual({ valid: true, identity });
  });

  it('should accept a GET without a body, signed over the digest of nothing', () => {
    const headers = signIdentity(SECRET, identity, { method: 'GET', target: '/api/v1/spaces', contentSha256: EMPTY_CONTENT_SHA256 }, NOW);

    const verifications = [undefined, Buffer.alloc(0)].map((received) =>
      verifyIdentity(SECRET, { method: 'GET', target: '/api/v1/spaces', headers, body: received }, NOW),
    );

    expect(verifications.map((verification) => verification.valid)).toEqual([true, true]);
  });

  it.each([
    ['another method', { method: 'PUT' }],
    ['another path', { target: '/api/v1/users?from=2026-01-01&limit=5' }],
    ['a changed query', { target: '/api/v1/reports?from=2026-01-01&limit=500' }],
    ['a dropped query', { target: '/api/v1/reports' }],
  ])('should refuse %s with a signature mismatch', (_case, change) => {
    const request = signedPost(change);

    const verification = verifyIdentity(SECRET, request, NOW);

    expect(verification).toEqual({ valid: false, refusal: 'signature-mismatch' });
  });

  it.each([
    ['tenant', { 'x-tenant-id': 't-2' }],
    ['user', { 'x-user-id': 'u-2' }],
    ['role', { 'x-user-role': 'owner' }],
  ])('should refuse a tampered %s with a signature mismatch', (_case, change) => {
    const request = signedPost();

    const verification = verifyIdentity(SECRET, { ...request, headers: { ...request.headers, ...change } }, NOW);

    expect(verification).toEqual({ valid: false, refusal: 'signature-mismatch' });
  });

  it('should refuse a changed body, whether or not the digest header was changed to match it', () => {
    const request = signedPost();
    const changed = Buffer.from('{"name":"Q2"}');

    const bodyOnly = verifyIdentity(SECRET, { ...request, body: changed }, NOW);
    const bodyAndDigest = verifyIdentity(
      SECRET,
      { ...request, body: changed, headers: { ...request.headers, 'x-content-sha256': contentSha256Of(changed) } },
      NOW,
    );

    expect(bodyOnly).toEqual({ valid: false, refusal: 'content-digest-mismatch' });
    expect(bodyAndDigest).toEqual({ valid: false, refusal: 'signature-mismatch' });
  });

  it.each(['NaN', '', ' 1800000000', '-1800000000', '+1800000000', '1.8e9', '1800000000.0', '0x6b49d200', '01800000000', 'Infinity'])(
    'should refuse the timestamp %p as malformed or missing',
    (timestamp) => {
      const request = signedPost();

      const verification = verifyIdentity(SECRET, { ...request, headers: { ...request.headers, 'x-identity-timestamp': timestamp } }, NOW);

      expect(verification).toEqual({ valid: false, refusal: timestamp === '' ? 'missing-header' : 'malformed-timestamp' });
    },
  );

  it('should refuse a timestamp more than the allowed skew away, either way, and accept one at its edge', () => {
    const request = signedPost();

    const [late, early, edge] = [NOW + 61_000, NOW - 61_000, NOW + 60_000].map((now) => verifyIdentity(SECRET, request, now));

    expect([late, early]).toEqual([
      { valid: false, refusal: 'timestamp-outside-skew' },
      { valid: false, refusal: 'timestamp-outside-skew' },
    ]);
    expect(edge.valid).toBe(true);
  });

  it('should refuse another secret, a missing header, another scheme version and a signature that is not hex', () => {
    const request = signedPost();
    const withHeaders = (change: Record<string, string | undefined>) => ({ ...request, headers: { ...request.headers, ...change } });

    const verifications = [
      verifyIdentity('another-secret-entirely-0123456789abcdef', request, NOW),
      verifyIdentity(SECRET, withHeaders({ 'x-content-sha256': undefined }), NOW),
      verifyIdentity(SECRET, withHeaders({ 'x-identity-version': '1' }), NOW),
      verifyIdentity(SECRET, withHeaders({ 'x-identity-signature': 'Z'.repeat(64) }), NOW),
    ];

    expect(verifications).toEqual([
      { valid: false, refusal: 'signature-mismatch' },
      { valid: false, refusal: 'missing-header' },
      { valid: false, refusal: 'unsupported-version' },
      { valid: false, refusal: 'malformed-signature' },
    ]);
  });
});

describe(signIdentity.name, () => {
  // The worked example of docs/legacy-identity.md: a Java implementation must reproduce these bytes.
  const example = {
    secret: 'example-secret-for-the-legacy-identity-docs-0123',
    identity: { tenantId: '5f0c6f1e-2a4b-4c1d-9e8f-0a1b2c3d4e5f', userId: '9b2e7c4a-1d3f-4e5a-8b6c-7d8e9f0a1b2c', role: 'admin' },
    method: 'POST',
    target: '/api/v1/reports?from=2026-01-01&limit=5',
    body: '{"name":"Q1 revenue","currency":"EUR"}',
    nowMs: 1_800_000_000_000,
  };
  const expectedDigest = '567305725d127341683d985cf3ef0dfea0937c41fc9b087ec394307d1739d6bf';
  // Cross-checked with: printf '<canonical string>' | openssl dgst -sha256 -hmac '<secret>' -hex
  const expectedSignature = '801399c13b651e99a72cdd12534efc83f9ad628e73cc2bcbddf66eaa9f7d651a';

  it('should produce the headers of the documented example', () => {
    const digest = contentSha256Of(Buffer.from(example.body, 'utf8'));

    const headers = signIdentity(
      example.secret,
      example.identity,
      { method: example.method, target: example.target, contentSha256: digest },
      example.nowMs,
    );

    expect(headers).toEqual({
      'x-identity-version': '2',
      'x-tenant-id': example.identity.tenantId,
      'x-user-id': example.identity.userId,
      'x-user-role': 'admin',
      'x-identity-timestamp': '1800000000',
      'x-content-sha256': expectedDigest,
      'x-identity-signature': expectedSignature,
    });
  });

  it('should match the canonical string, digest and signature written in docs/legacy-identity.md', () => {
    const digest = contentSha256Of(Buffer.from(example.body, 'utf8'));
    const headers = signIdentity(
      example.secret,
      example.identity,
      { method: example.method, target: example.target, contentSha256: digest },
      example.nowMs,
    );
    const canonical = canonicalIdentityString(
      example.identity,
      { method: example.method, target: example.target, contentSha256: digest },
      '1800000000',
    );

    const documentation = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'docs', 'legacy-identity.md'), 'utf8');

    expect(documentation).toContain(`\`\`\`text\n${canonical}\n\`\`\``);
    expect(documentation).toContain(`x-content-sha256: ${digest}`);
    expect(documentation).toContain(`x-identity-signature: ${headers['x-identity-signature']}`);
    expect(documentation).toContain(`secret \`${example.secret}\``);
    expect(documentation).toContain(example.body);
  });

  it('should sign the empty body with the digest of nothing', () => {
    const digests = [undefined, Buffer.alloc(0)].map(contentSha256Of);

    expect(digests).toEqual([EMPTY_CONTENT_SHA256, EMPTY_CONTENT_SHA256]);
    expect(EMPTY_CONTENT_SHA256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
