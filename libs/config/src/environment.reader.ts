import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

export interface EnvironmentReading<T> {
  value: T;
  problems: string[];
}

/** Parses env variables into a validated class instance and lists every problem as `KEY: reason`. */
export function readEnvironment<T extends object>(
  environment: ClassConstructor<T>,
  variables: Record<string, unknown>,
): EnvironmentReading<T> {
  const present = Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== ''));
  const value = plainToInstance(environment, present, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(value, { skipMissingProperties: false, forbidUnknownValues: false });
  return { value, problems: errors.flatMap(describe) };
}

function describe(error: ValidationError): string[] {
  const reasons = Object.values(error.constraints ?? {});
  const own = reasons.length > 0 ? [`${error.property}: ${reasons.join(', ')}`] : [];
  return [...own, ...(error.children ?? []).flatMap(describe)];
}
