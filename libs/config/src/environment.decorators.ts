import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

/** Env booleans are strings: only `true`/`1`/`yes` are true, anything else is kept for the validator to reject. */
export function EnvBoolean(): PropertyDecorator {
  return Transform(({ obj, key }) => {
    const raw = (obj as Record<string, unknown>)[key];
    if (raw === undefined || typeof raw === 'boolean') return raw;
    const text = String(raw).toLowerCase();
    if (['true', '1', 'yes'].includes(text)) return true;
    if (['false', '0', 'no'].includes(text)) return false;
    return raw;
  });
}

/** Comma-separated env lists become trimmed string arrays. */
export function EnvList(): PropertyDecorator {
  return Transform(({ obj, key }) => {
    const raw = (obj as Record<string, unknown>)[key];
    if (raw === undefined || Array.isArray(raw)) return raw;
    return String(raw)
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  });
}

/** Validates the property only when NODE_ENV=production (required there) or when it is set. */
export function RequiredInProduction(): PropertyDecorator {
  return ValidateIf((environment: { NODE_ENV?: string }, value: unknown) => environment.NODE_ENV === 'production' || value !== undefined);
}
