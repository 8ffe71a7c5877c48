import { randomBytes } from 'node:crypto';
import { registerDecorator } from 'class-validator';

/**
 * A node in production, or one that shares state with other nodes through MySQL or Redis: whatever
 * NODE_ENV says, it must be configured with real secrets (there are no published defaults to fall back on).
 */
export function isSharedDeployment(environment: object): boolean {
  const variables = environment as Record<string, unknown>;
  return variables.NODE_ENV === 'production' || hasText(variables.DATABASE_URL) || hasText(variables.REDIS_URL);
}

export const SHARED_DEPLOYMENT = 'NODE_ENV=production or DATABASE_URL/REDIS_URL is set';

/** Values that are examples, not secrets, wherever they appear: refused in every profile. */
const COMMON_PLACEHOLDERS = ['changeme', 'change-me', 'change-this', 'secret', 'password', 'please-change-me', 'your-secret', 'example'];

const generated = new Map<string, string>();

/**
 * A random secret made for this process, the same for every reader within it: what the embedded,
 * single-node profile uses for a secret that is not configured (nothing survives a restart, nothing
 * published can forge it).
 */
export function processSecret(name: string): string {
  let secret = generated.get(name);
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    generated.set(name, secret);
  }
  return secret;
}

export interface SecretRule {
  minLength: number;
  /** Known non-secret values of this setting (former development defaults, documented examples). */
  placeholders?: readonly string[];
  /** When, in a shared deployment, the setting is needed at all (default: always). */
  requiredWhen?: (environment: Record<string, unknown>) => boolean;
  /**
   * Instead of the two above: the setting that needs it in every profile (e.g. `METRICS_ACCESS=token`),
   * or undefined when nothing does. A secret that only a chosen mode uses has no default anywhere.
   */
  requiredBy?: (environment: Record<string, unknown>) => string | undefined;
}

/** Why the value breaks the rule, or undefined when it keeps it. */
export function secretProblem(value: unknown, environment: Record<string, unknown>, rule: SecretRule): string | undefined {
  if (value === undefined || value === '') {
    if (rule.requiredBy) {
      const requiredBy = rule.requiredBy(environment);
      return requiredBy === undefined ? undefined : `is required with ${requiredBy}`;
    }
    const needed = isSharedDeployment(environment) && (rule.requiredWhen?.(environment) ?? true);
    return needed ? `is required when ${SHARED_DEPLOYMENT} (there is no default)` : undefined;
  }
  if (typeof value !== 'string') return 'must be a string';
  const lowered = value.toLowerCase();
  if ([...COMMON_PLACEHOLDERS, ...(rule.placeholders ?? [])].some((placeholder) => lowered === placeholder.toLowerCase())) {
    return 'is a published example or development value and is refused';
  }
  if (value.length < rule.minLength) return `must be at least ${rule.minLength} characters`;
  return undefined;
}

/** A secret setting: no default, required in shared deployments, never a known placeholder, long enough. */
export function Secret(rule: SecretRule): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'secret',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args) => secretProblem(value, (args?.object ?? {}) as Record<string, unknown>, rule) === undefined,
        defaultMessage: (args) => secretProblem(args?.value, (args?.object ?? {}) as Record<string, unknown>, rule) ?? 'is invalid',
      },
    });
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}
