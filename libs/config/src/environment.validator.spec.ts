import { IsInt, IsString, Max, Min } from 'class-validator';
import { BaseEnvironment } from './base.environment';
import { defineConfig } from './config.definition';
import { ConfigValidationError } from './config-validation.error';
import { validateEnvironment } from './environment.validator';

class PortEnvironment extends BaseEnvironment {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;
}

class NameEnvironment extends BaseEnvironment {
  @IsString()
  SERVICE_NAME: string = 'switchyard';
}

const definitions = [
  defineConfig('port', PortEnvironment, (environment) => ({ port: environment.PORT })),
  defineConfig('name', NameEnvironment, (environment) => ({ name: environment.SERVICE_NAME })),
];

function problemsOf(variables: Record<string, string>): readonly string[] {
  try {
    validateEnvironment(variables, definitions);
    return [];
  } catch (error) {
    return (error as ConfigValidationError).problems;
  }
}

describe(validateEnvironment.name, () => {
  it('should accept defaults when nothing is set', () => {
    const problems = problemsOf({});

    expect(problems).toEqual([]);
  });

  it('should convert numeric strings from the environment', () => {
    process.env.PORT = '8080';

    const config = definitions[0]!.factory();

    expect(config).toEqual({ port: 8080 });
    delete process.env.PORT;
  });

  it('should list every offending key of every lib in one error', () => {
    const problems = problemsOf({ PORT: 'abc', NODE_ENV: 'staging' });

    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^PORT: .*integer/), expect.stringMatching(/^NODE_ENV: /)]));
    expect(problems.filter((problem) => problem.startsWith('NODE_ENV'))).toHaveLength(1);
  });

  it('should name each problem in the error message', () => {
    const act = () => validateEnvironment({ PORT: '70000' }, definitions);

    expect(act).toThrow(ConfigValidationError);
    expect(act).toThrow(/PORT: PORT must not be greater than 65535/);
  });

  it('should treat an empty value as unset and use the default', () => {
    const problems = problemsOf({ PORT: '' });

    expect(problems).toEqual([]);
  });
});
