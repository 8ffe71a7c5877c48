import { BinaryLike, KeyObject, createHmac, timingSafeEqual } from 'node:crypto';

export interface ForwardedIdentity {
  tenantId: string;
  userId: string;
  role: string;
}

/**
 * Headers legacy trusts instead of validating tokens itself: the identity, a timestamp, and an HMAC
 * over both plus the method and path, so a header copied onto another request does not verify.
 */
export function signIdentity(
  secret: BinaryLike | KeyObject,
  identity: ForwardedIdentity,
  method: string,
  path: string,
  now: number,
): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const payload = [identity.tenantId, identity.userId, identity.role, timestamp, method.toUpperCase(), path].join('\n');
  return {
    'x-tenant-id': identity.tenantId,
    'x-user-id': identity.userId,
    'x-user-role': identity.role,
    'x-identity-timestamp': timestamp,
    'x-identity-signature': createHmac('sha256', secret).update(payload).digest('hex'),
  };
}

/** What legacy runs: the signature must match the headers, the method and path, and be at most `maxAgeSeconds` old. */
export function verifyIdentity(
  secret: BinaryLike | KeyObject,
  headers: Record<string, string | undefined>,
  method: string,
  path: string,
  now: number,
  maxAgeSeconds = 60,
): boolean {
  const {
    'x-tenant-id': tenantId,
    'x-user-id': userId,
    'x-user-role': role,
    'x-identity-timestamp': timestamp,
    'x-identity-signature': signature,
  } = headers;
  if (!tenantId || !userId || !role || !timestamp || !signature) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > maxAgeSeconds) return false;
  const expected = Buffer.from(
    signIdentity(secret, { tenantId, userId, role }, method, path, Number(timestamp) * 1000)['x-identity-signature']!,
  );
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
