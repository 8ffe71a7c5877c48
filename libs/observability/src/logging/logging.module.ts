import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { DestinationStream } from 'pino';
import { loggingConfig } from '../config/logging.config';
import { AccessLog } from './access-log';
import { LogDestination, createLogDestination, flushLogDestination } from './log-destination';
import { REDACTED, REDACTED_PATHS, serializeError } from './redaction';

export interface LoggingModuleOptions {
  /** Where log lines go; tests pass a stream to read them. Defaults to buffered stdout. */
  destination?: DestinationStream;
}

@Module({})
class LogDestinationModule {
  static register(options: LoggingModuleOptions): DynamicModule {
    return {
      module: LogDestinationModule,
      providers: [
        {
          provide: LogDestination,
          inject: [loggingConfig.factory.KEY],
          useFactory: (config: ConfigType<typeof loggingConfig.factory>) => createLogDestination(config, options.destination),
        },
      ],
      exports: [LogDestination],
    };
  }
}

/**
 * Application logs through nestjs-pino (Nest's Logger, with credentials redacted), and one access-log
 * line per request from a Fastify hook. No per-request middleware, child logger or async context:
 * error logs carry the request id themselves.
 */
@Module({})
export class LoggingModule implements OnModuleInit, OnApplicationShutdown {
  static forRoot(options: LoggingModuleOptions = {}): DynamicModule {
    const destination = LogDestinationModule.register(options);
    return {
      module: LoggingModule,
      imports: [
        destination,
        LoggerModule.forRootAsync({
          imports: [destination],
          inject: [loggingConfig.factory.KEY, LogDestination],
          useFactory: (config: ConfigType<typeof loggingConfig.factory>, logDestination: LogDestination) => ({
            pinoHttp: [
              {
                level: config.level,
                redact: { paths: REDACTED_PATHS, censor: REDACTED },
                serializers: { err: serializeError },
                autoLogging: false,
              },
              logDestination.stream,
            ],
            // nestjs-pino would otherwise run pino-http as middleware on every request; the access log is ours.
            forRoutes: [],
          }),
        }),
      ],
    };
  }

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly destination: LogDestination,
    @Inject(loggingConfig.factory.KEY) private readonly config: ConfigType<typeof loggingConfig.factory>,
  ) {}

  onModuleInit(): void {
    new AccessLog(this.config, this.destination).attach(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  onApplicationShutdown(): void {
    flushLogDestination(this.destination);
  }
}
