import { ConfigFactory, ConfigFactoryKeyHost, ConfigObject, registerAs } from '@nestjs/config';
import { ClassConstructor } from 'class-transformer';
import { readEnvironment } from './environment.reader';

/** Callable outside Nest (scripts, adapter options) and injectable inside it via `@Inject(x.factory.KEY)`. */
export type TypedConfigFactory<TConfig extends ConfigObject> = (() => TConfig) & ConfigFactoryKeyHost<TConfig>;

/** What the validator and the config module need of any lib's configuration. */
export interface ConfigDefinition {
  readonly namespace: string;
  readonly environment: ClassConstructor<object>;
  readonly factory: ConfigFactory & { KEY: string | symbol };
}

export interface TypedConfigDefinition<TConfig extends ConfigObject> extends ConfigDefinition {
  readonly factory: TypedConfigFactory<TConfig>;
}

export function defineConfig<TEnvironment extends object, TConfig extends ConfigObject>(
  namespace: string,
  environment: ClassConstructor<TEnvironment>,
  map: (environment: TEnvironment) => TConfig,
): TypedConfigDefinition<TConfig> {
  const factory = registerAs(namespace, () => {
    const { value, problems } = readEnvironment(environment, process.env);
    // The module-level validation already refused these; this guards direct use in scripts.
    if (problems.length > 0) throw new Error(`Invalid ${namespace} configuration: ${problems.join('; ')}`);
    return map(value);
  }) as unknown as TypedConfigFactory<TConfig>;
  return { namespace, environment, factory };
}
