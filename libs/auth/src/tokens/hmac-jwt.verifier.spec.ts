import { createSigner, createVerifier } from 'fast-jwt';
import { createHmac } from 'node:crypto';
import { createHmacJwtVerifier } from './hmac-jwt.verifier';

const secret = 'unit-test-secret-that-is-at-least-32-bytes';
const options = { secret, algorithm: 'HS256' as const, issuer: 'switchyard', audience: 'switchyard-api' };
const nowMs = 1_800_000_000_000;
const now = nowMs / 1000;
const claims = { sub: 'u-1', tid: 't-1', sid: 's-1', role: 'member', iss: 'switchyard', aud: 'switchyard-api', iat: now, exp: now + 900 };

const encode = (part: unknown) => Buffer.from(typeof part === 'string' ? part : JSON.stringify(part)).toString('base64url');
const hmac = (algorithm: string, input: string, key = secret) => createHmac(algorithm, key).update(input).digest('base64url');
/** A token whose header, payload and signature are exactly what is given: what anyone holding the key could mint, and worse. */
const mint = (header: unknown, payload: unknown, sign = (input: string) => hmac('sha256', input)) => {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${sign(input)}`;
};
const usual = { alg: 'HS256', typ: 'JWT' };

const verify = createHmacJwtVerifier(options);
/** The library it replaces, configured as AccessTokenService configured it (expiry judged by the caller). */
const reference = createVerifier({
  key: secret,
  algorithms: ['HS256'],
  allowedIss: options.issuer,
  allowedAud: options.audience,
  requiredClaims: ['iss', 'aud'],
  ignoreExpiration: true,
  clockTimestamp: nowMs,
  cache: false,
});

/** fast-jwt throws its refusals. */
const libraryVerdictOf = (token: string) => {
  try {
    reference(token);
    return 'accepted';
  } catch {
    return 'refused';
  }
};
/** This verifier returns them. */
const verdictOf = (result: Record<string, unknown> | string) => (typeof result === 'string' ? `refused: ${result}` : 'accepted');

const valid = mint(usual, claims);
const [validHeader, validPayload, validSignature] = valid.split('.') as [string, string, string];

/** Every one is a token fast-jwt refuses too; the reason is this verifier's. */
const hostile: Array<[string, string, string]> = [
  ['an empty string', '', 'malformed'],
  ['two segments', `${validHeader}.${validPayload}`, 'malformed'],
  ['four segments', `${valid}.${validSignature}`, 'malformed'],
  ['an empty signature', `${validHeader}.${validPayload}.`, 'malformed'],
  ['an empty header', `.${validPayload}.${validSignature}`, 'malformed'],
  ['alg none, unsigned', `${encode({ alg: 'none', typ: 'JWT' })}.${validPayload}.`, 'malformed'],
  ['alg none, with the valid signature', `${encode({ alg: 'none' })}.${validPayload}.${validSignature}`, 'signature'],
  ['a payload changed after signing', `${validHeader}.${encode({ ...claims, role: 'owner' })}.${validSignature}`, 'signature'],
  [
    'a signature by another key',
    mint(usual, claims, (input) => hmac('sha256', input, 'another-secret-of-at-least-32-bytes!!')),
    'signature',
  ],
  ['a signature with base64 padding', `${valid}=`, 'signature'],
  [
    'a signature in standard base64',
    `${validHeader}.${validPayload}.${validSignature.replace(/-/g, '+').replace(/_/g, '/')}x`,
    'signature',
  ],
  ['a signature with a character flipped', `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`, 'signature'],
  ['HS512 with the same key, header saying so', mint({ alg: 'HS512', typ: 'JWT' }, claims, (input) => hmac('sha512', input)), 'signature'],
  ['HS256 signature, header naming HS512', mint({ alg: 'HS512', typ: 'JWT' }, claims), 'header'],
  ['a critical extension', mint({ ...usual, crit: ['exp'] }, claims), 'header'],
  ['a header that is not JSON', mint('{"alg":"HS256"', claims), 'malformed'],
  ['a header that is an array', mint(['HS256'], claims), 'malformed'],
  ['a payload that is not JSON', mint(usual, 'not json'), 'malformed'],
  ['a payload that is null', mint(usual, null), 'malformed'],
  ['a payload that is an array', mint(usual, [claims]), 'malformed'],
  ['another issuer', mint(usual, { ...claims, iss: 'legacy' }), 'claims'],
  ['no issuer', mint(usual, { ...claims, iss: undefined }), 'claims'],
  ['another audience', mint(usual, { ...claims, aud: 'another-api' }), 'claims'],
  ['no audience', mint(usual, { ...claims, aud: undefined }), 'claims'],
  ['an audience list without this one', mint(usual, { ...claims, aud: ['a', 'b'] }), 'claims'],
  ['an audience list with a number in it', mint(usual, { ...claims, aud: ['switchyard-api', 7] }), 'claims'],
  ['not valid before a minute from now', mint(usual, { ...claims, nbf: now + 60 }), 'claims'],
  ['a not-before that is not a number', mint(usual, { ...claims, nbf: String(now) }), 'claims'],
];

describe('createHmacJwtVerifier', () => {
  it('returns the claims of a token signed by fast-jwt with the same options', () => {
    const token = createSigner({ key: secret, algorithm: 'HS256', iss: options.issuer, aud: options.audience, expiresIn: 900_000 })({
      sub: 'u-1',
    });

    expect(verify(token, Date.now())).toEqual(reference(token));
  });

  it.each([
    ['the usual header', valid],
    ['a header with a key id and no typ', mint({ alg: 'HS256', kid: 'k-1' }, claims)],
    ['an audience list naming this service', mint(usual, { ...claims, aud: ['other-api', 'switchyard-api'] })],
    ['a not-before in the past', mint(usual, { ...claims, nbf: now - 60 })],
  ])('accepts %s, as fast-jwt does', (_, token) => {
    expect(libraryVerdictOf(token)).toBe('accepted');

    expect(verify(token, nowMs)).toEqual(reference(token));
  });

  it.each(hostile)('refuses %s, as fast-jwt does', (_, token, reason) => {
    expect(libraryVerdictOf(token)).toBe('refused');

    expect(verdictOf(verify(token, nowMs))).toBe(`refused: ${reason}`);
  });

  it('pins the configured algorithm: an HS512 verifier refuses the HS256 tokens the same key signs', () => {
    const hs512 = createHmacJwtVerifier({ ...options, algorithm: 'HS512' });

    expect(verdictOf(hs512(valid, nowMs))).toBe('refused: signature');
    expect(
      hs512(
        mint({ alg: 'HS512', typ: 'JWT' }, claims, (input) => hmac('sha512', input)),
        nowMs,
      ),
    ).toEqual(claims);
  });

  it('refuses to be built for an algorithm it does not know', () => {
    expect(() => createHmacJwtVerifier({ ...options, algorithm: 'RS256' as never })).toThrow('Unsupported JWT algorithm: RS256');
  });
});
