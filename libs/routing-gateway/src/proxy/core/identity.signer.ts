import { BinaryLike, KeyObject, createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Identity headers legacy trusts instead of validating tokens itself, scheme 2 (docs/legacy-identity.md
 * is the contract for the Java side): an HMAC-SHA256 over the method, the exact request target (path
 * and query), the identity, a timestamp and a SHA-256 of the body, so a header set copied onto another
 * request, another query or another body does not verify.
 */
export const IDENTITY_SCHEME_VERSION = '2';
/** First line of the canonical string: a scheme-1 signature can never verify as scheme 2, nor the reverse. */
export const IDENTITY_SCHEME_LABEL = 'switchyard-identity-v2';
/** How far the timestamp may be from the verifier's clock, either way. */
export const IDENTITY_MAX_SKEW_SECONDS = 60;

export const IDENTITY_HEADERS = {
  version: 'x-identity-version',
  tenantId: 'x-tenant-id',
  userId: 'x-user-id',
  role: 'x-user-role',
  timestamp: 'x-identity-timestamp',
  contentSha256: 'x-content-sha256',
  signature: 'x-identity-signature',
} as const;

export interface ForwardedIdentity {
  tenantId: string;
  userId: string;
  role: string;
}

/** What legacy sees of the request: its request line after the base path of LEGACY_BASE_URL, and its body. */
export interface SignedRequest {
  /** As in the request line (`POST`). */
  method: string;
  /** The request target as forwarded, path and query, byte for byte (`/api/v1/reports?from=2026-01-01`). */
  target: string;
  /** Lowercase hex SHA-256 of the body bytes sent (of nothing for GET, HEAD and empty bodies). */
  contentSha256: string;
}

export const EMPTY_CONTENT_SHA256 = createHash('sha256').digest('hex');

/** Lowercase hex SHA-256 of the body as sent; the empty string's digest when there is none. */
export function contentSha256Of(body: Buffer | undefined): string {
  return body === undefined || body.length === 0 ? EMPTY_CONTENT_SHA256 : createHash('sha256').update(body).digest('hex');
}

/** The signed text: eight fields joined by LF, no trailing LF. */
export function canonicalIdentityString(identity: ForwardedIdentity, request: SignedRequest, timestamp: string): string {
  return [
    IDENTITY_SCHEME_LABEL,
    request.method,
    request.target,
    identity.tenantId,
    identity.userId,
    identity.role,
    timestamp,
    request.contentSha256,
  ].join('\n');
}

export function signIdentity(
  secret: BinaryLike | KeyObject,
  identity: ForwardedIdentity,
  request: SignedRequest,
  nowMs: number,
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    [IDENTITY_HEADERS.version]: IDENTITY_SCHEME_VERSION,
    [IDENTITY_HEADERS.tenantId]: identity.tenantId,
    [IDENTITY_HEADERS.userId]: identity.userId,
    [IDENTITY_HEADERS.role]: identity.role,
    [IDENTITY_HEADERS.timestamp]: timestamp,
    [IDENTITY_HEADERS.contentSha256]: request.contentSha256,
    [IDENTITY_HEADERS.signature]: hmacOf(secret, canonicalIdentityString(identity, request, timestamp)),
  };
}

export type IdentityRefusal =
  | 'missing-header'
  | 'unsupported-version'
  | 'malformed-timestamp'
  | 'timestamp-outside-skew'
  | 'content-digest-mismatch'
  | 'malformed-signature'
  | 'signature-mismatch';

export type IdentityVerification = { valid: true; identity: ForwardedIdentity } | { valid: false; refusal: IdentityRefusal };

export interface RequestAtLegacy {
  method: string;
  /** The request target legacy received, without the base path. */
  target: string;
  /** Header names in lowercase, as Node and most servers give them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes as received (before any content-coding is undone); undefined or empty for none. */
  body: Buffer | undefined;
}

// Whole seconds since the epoch in plain digits: no sign, exponent, fraction, spaces or leading zeros.
const TIMESTAMP = /^(0|[1-9][0-9]{0,14})$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The reference verifier legacy implements (docs/legacy-identity.md); constant-time on the signature. */
export function verifyIdentity(
  secret: BinaryLike | KeyObject,
  request: RequestAtLegacy,
  nowMs: number,
  maxSkewSeconds = IDENTITY_MAX_SKEW_SECONDS,
): IdentityVerification {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const tenantId = header(IDENTITY_HEADERS.tenantId);
  const userId = header(IDENTITY_HEADERS.userId);
  const role = header(IDENTITY_HEADERS.role);
  const timestamp = header(IDENTITY_HEADERS.timestamp);
  const contentSha256 = header(IDENTITY_HEADERS.contentSha256);
  const signature = header(IDENTITY_HEADERS.signature);
  const version = header(IDENTITY_HEADERS.version);
  if (!tenantId || !userId || !role || !timestamp || !contentSha256 || !signature || !version) return refuse('missing-header');
  if (version !== IDENTITY_SCHEME_VERSION) return refuse('unsupported-version');
  if (!TIMESTAMP.test(timestamp)) return refuse('malformed-timestamp');
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) return refuse('timestamp-outside-skew');
  if (contentSha256 !== contentSha256Of(request.body)) return refuse('content-digest-mismatch');
  if (!HEX_SHA256.test(signature)) return refuse('malformed-signature');
  const identity = { tenantId, userId, role };
  const expected = Buffer.from(hmacOf(secret, canonicalIdentityString(identity, { ...request, contentSha256 }, timestamp)), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return refuse('signature-mismatch');
  return { valid: true, identity };
}

function hmacOf(secret: BinaryLike | KeyObject, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

function refuse(refusal: IdentityRefusal): IdentityVerification {
  return { valid: false, refusal };
}
