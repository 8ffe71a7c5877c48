import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, registerDecorator } from 'class-validator';
import { AddressList, IsAddressList } from './address-list';
import { BaseEnvironment } from './base.environment';
import { ENDPOINT_ACCESS_MODES, EndpointAccess, EndpointAccessMode, EndpointToken, endpointAccessModeOf } from './endpoint-access';
import { EnvList } from './environment.decorators';
import { defineConfig } from './config.definition';

/** Several workers are several nodes: sessions, cache, locks and data must live where all of them see it. */
function SharedStateForWorkers(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'sharedStateForWorkers',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args) => {
          const environment = (args?.object ?? {}) as Record<string, unknown>;
          return Number(value) <= 1 || (Boolean(environment.REDIS_URL) && Boolean(environment.DATABASE_URL));
        },
        defaultMessage: () => 'above 1 needs REDIS_URL and DATABASE_URL (the workers share sessions, cache, locks and data through them)',
      },
    });
}

class AppEnvironment extends BaseEnvironment {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  @IsInt()
  @Min(1024)
  @Max(104_857_600)
  BODY_LIMIT_BYTES: number = 1_048_576;

  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_GRACE_MS: number = 10_000;

  @IsInt()
  @Min(0)
  @Max(600_000)
  REQUEST_TIMEOUT_MS: number = 30_000;

  @IsInt()
  @Min(1)
  @Max(64)
  @SharedStateForWorkers()
  WORKERS: number = 1;

  /**
   * The load balancers and proxies in front of this node (addresses, CIDRs, or loopback/linklocal/uniquelocal).
   * Only a request arriving from one of them may name the client in X-Forwarded-For; empty trusts nobody.
   */
  @EnvList()
  @IsAddressList()
  TRUSTED_PROXIES: string[] = [];

  /** Who may read /docs, /docs/*, /docs-json and /docs-yaml; unset = off in production, open elsewhere. */
  @IsOptional()
  @IsIn(ENDPOINT_ACCESS_MODES, { message: `must be one of ${ENDPOINT_ACCESS_MODES.join(', ')}` })
  DOCS_ACCESS?: EndpointAccessMode;

  @EndpointToken('DOCS_ACCESS')
  DOCS_TOKEN?: string;
}

export const appConfig = defineConfig('app', AppEnvironment, (environment) => ({
  nodeEnv: environment.NODE_ENV,
  isProduction: environment.NODE_ENV === 'production',
  port: environment.PORT,
  host: environment.HOST,
  bodyLimitBytes: environment.BODY_LIMIT_BYTES,
  shutdownGraceMs: environment.SHUTDOWN_GRACE_MS,
  requestTimeoutMs: environment.REQUEST_TIMEOUT_MS,
  workers: environment.WORKERS,
  trustedProxies: AddressList.of(environment.TRUSTED_PROXIES),
  docs: EndpointAccess.of(endpointAccessModeOf(environment, 'DOCS_ACCESS')!, environment.DOCS_TOKEN),
}));

export type AppConfig = ReturnType<typeof appConfig.factory>;
