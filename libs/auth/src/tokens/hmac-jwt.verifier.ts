import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

export type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512';

export interface HmacJwtVerifierOptions {
  secret: string;
  /** The one algorithm accepted: a token whose header names another is refused. */
  algorithm: HmacAlgorithm;
  issuer: string;
  audience: string;
}

/** Why a token was refused: its form, its signature, its header, or its claims. */
export type TokenRefusal = 'malformed' | 'signature' | 'header' | 'claims';

/**
 * Checks one compact JWS: its claims, or why it is refused (returned, not thrown: refusals are routine and
 * often hostile, and the caller decides what an error costs). `nowMs` judges `nbf`.
 */
export type HmacJwtVerifier = (token: string, nowMs: number) => Record<string, unknown> | TokenRefusal;

const HASHES: Record<HmacAlgorithm, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/**
 * Verifies HMAC-signed JWTs (RFC 7519/7515) the way fast-jwt's verifier does for this service's options
 * (pinned algorithm, no `crit`, issuer, audience, `nbf`), with less work per token (design.md D68):
 *
 * - the signature is checked first, over the raw segments, against the digest computed with the pinned
 *   algorithm and compared as its canonical base64url text in constant time, so no segment is decoded before
 *   the token is known to come from a holder of the key, and no lenient base64 decoding can admit a variant;
 * - the header this service's signer writes (`{"alg":…,"typ":"JWT"}`) is recognised by its text: only another
 *   header is decoded, and it must name the pinned algorithm and no critical extension;
 * - only the payload is decoded and parsed, once.
 *
 * Expiry and issue time are the caller's to judge (see lifetimeProblem), on its own clock.
 */
export function createHmacJwtVerifier(options: HmacJwtVerifierOptions): HmacJwtVerifier {
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  const hash = HASHES[options.algorithm];
  if (!hash) throw new Error(`Unsupported JWT algorithm: ${options.algorithm}`);
  const usualHeader = Buffer.from(JSON.stringify({ alg: options.algorithm, typ: 'JWT' })).toString('base64url');
  const { issuer, audience, algorithm } = options;

  return (token, nowMs) => {
    const first = token.indexOf('.');
    const last = token.lastIndexOf('.');
    if (first <= 0 || last === first || last === token.length - 1 || token.indexOf('.', first + 1) !== last) return 'malformed';
    const signature = token.slice(last + 1);
    const expected = createHmac(hash, key).update(token.slice(0, last)).digest('base64url');
    if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature, 'latin1'), Buffer.from(expected, 'latin1'))) {
      return 'signature';
    }
    if (token.slice(0, first) !== usualHeader) {
      const header = decodeObject(token.slice(0, first));
      if (header === undefined) return 'malformed';
      if (header.alg !== algorithm || 'crit' in header) return 'header';
    }
    const claims = decodeObject(token.slice(first + 1, last));
    if (claims === undefined) return 'malformed';
    if (claims.iss !== issuer || !audienceMatches(claims.aud, audience)) return 'claims';
    const notBefore = claims.nbf;
    if (notBefore !== undefined && (typeof notBefore !== 'number' || notBefore * 1000 > nowMs)) return 'claims';
    return claims;
  };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The JSON object a segment encodes, or undefined (only a holder of the key gets this far with a bad one). */
function decodeObject(segment: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(segment)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return value === null || typeof value !== 'object' || Array.isArray(value) ? undefined : (value as Record<string, unknown>);
}

function audienceMatches(claim: unknown, audience: string): boolean {
  if (!Array.isArray(claim)) return claim === audience;
  return claim.every((value) => typeof value === 'string') && claim.includes(audience);
}
