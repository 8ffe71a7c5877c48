/** Thrown at start-up with every offending key, so one run tells the operator everything to fix. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigValidationError';
  }
}
