import { ConfigDefinition } from './config.definition';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment } from './environment.reader';

/** Validates every lib's variables at once; throws one error listing all problems. */
export function validateEnvironment(variables: Record<string, unknown>, definitions: readonly ConfigDefinition[]): Record<string, unknown> {
  const problems = [...new Set(definitions.flatMap((definition) => readEnvironment(definition.environment, variables).problems))];
  if (problems.length > 0) throw new ConfigValidationError(problems.sort());
  return variables;
}
