import { registerDecorator } from 'class-validator';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Secret } from './secrets';

/** Who may reach an operational endpoint (/metrics, /docs): nobody (404), holders of a bearer token, or anyone. */
export const ENDPOINT_ACCESS_MODES = ['off', 'token', 'open'] as const;
export type EndpointAccessMode = (typeof ENDPOINT_ACCESS_MODES)[number];

/** What one request to a guarded endpoint gets. */
export type EndpointVerdict = 'allowed' | 'off' | 'missing-token' | 'wrong-token';

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;
const MINIMUM_TOKEN_LENGTH = 32;

/**
 * Production exposes nothing it was not told to (and needs no setting to start); elsewhere the
 * quick start shows /docs and a local Prometheus scrapes /metrics.
 */
export function defaultEndpointAccess(nodeEnvironment: unknown): EndpointAccessMode {
  return nodeEnvironment === 'production' ? 'off' : 'open';
}

/** The mode `modeKey` sets, its default when unset, or undefined when the value is not a mode (its own validator says so). */
export function endpointAccessModeOf(environment: object, modeKey: string): EndpointAccessMode | undefined {
  const variables = environment as Record<string, unknown>;
  const value = variables[modeKey];
  if (value === undefined || value === '') return defaultEndpointAccess(variables.NODE_ENV);
  return ENDPOINT_ACCESS_MODES.find((mode) => mode === value);
}

/** An endpoint's access rule; the token is kept only as its SHA-256, so every comparison takes the same time. */
export class EndpointAccess {
  private constructor(
    readonly mode: EndpointAccessMode,
    private readonly tokenDigest?: Buffer,
  ) {}

  static of(mode: EndpointAccessMode, token?: string): EndpointAccess {
    if (mode !== 'token') return new EndpointAccess(mode);
    if (!token) throw new Error('An endpoint in token mode needs its token');
    return new EndpointAccess(mode, digestOf(token));
  }

  check(authorization: string | undefined): EndpointVerdict {
    if (this.mode === 'open') return 'allowed';
    if (this.mode === 'off') return 'off';
    const presented = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (presented === undefined) return 'missing-token';
    // Digests of equal length: neither the token's content nor its length shows in the timing.
    return timingSafeEqual(digestOf(presented), this.tokenDigest!) ? 'allowed' : 'wrong-token';
  }
}

/**
 * The bearer token of an endpoint whose mode is set by `modeKey`: a secret required exactly when the
 * mode is `token`, and refused with any other mode (an operator who sets it believes the endpoint protected).
 */
export function EndpointToken(modeKey: string): PropertyDecorator {
  const secret = Secret({
    minLength: MINIMUM_TOKEN_LENGTH,
    requiredBy: (environment) => (endpointAccessModeOf(environment, modeKey) === 'token' ? `${modeKey}=token` : undefined),
  });
  return (target, propertyName) => {
    secret(target, propertyName);
    registerDecorator({
      name: 'endpointTokenWithTokenMode',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args) => {
          const mode = endpointAccessModeOf(args?.object ?? {}, modeKey);
          return value === undefined || value === '' || mode === 'token' || mode === undefined;
        },
        defaultMessage: (args) => {
          const environment = (args?.object ?? {}) as Record<string, unknown>;
          const mode = endpointAccessModeOf(environment, modeKey);
          const which = environment[modeKey] === undefined ? `${mode} (its default when NODE_ENV=${String(environment.NODE_ENV)})` : mode;
          return `is set but ${modeKey} is ${which}: set ${modeKey}=token to require it, or remove it`;
        },
      },
    });
  };
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
