import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { IncomingMessage, ServerResponse } from 'node:http';
import { DestinationStream } from 'pino';
import { loggingConfig } from '../config/logging.config';
import { REDACTED, REDACTED_PATHS } from './redaction';
import { requestLogContext } from './request-context';

export interface LoggingModuleOptions {
  /** Where log lines go; tests pass a stream to read them. Defaults to stdout. */
  destination?: DestinationStream;
}

type RawRequest = IncomingMessage & { id?: string; originalUrl?: string };

// Fastify's middleware layer rewrites `url` relative to the mount point; `originalUrl` keeps what the client sent.
function originalUrl(request: RawRequest): string {
  return request.originalUrl ?? request.url ?? '';
}

function pathOf(url: string): string {
  return url.split('?')[0] ?? '';
}

function completionFields(request: RawRequest, fields: object): object {
  const context = requestLogContext(request);
  return {
    ...fields,
    requestId: request.id,
    method: request.method,
    path: pathOf(originalUrl(request)),
    route: context.route,
    handler: context.handler,
    tenantId: context.tenantId,
    userId: context.userId,
  };
}

@Module({})
export class LoggingModule {
  static forRoot(options: LoggingModuleOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [loggingConfig.factory.KEY],
          useFactory: (config: ConfigType<typeof loggingConfig.factory>) => ({
            pinoHttp: [
              {
                level: config.level,
                redact: { paths: REDACTED_PATHS, censor: REDACTED },
                transport:
                  config.format === 'pretty' && !options.destination
                    ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:standard' } }
                    : undefined,
                customAttributeKeys: { responseTime: 'durationMs' },
                serializers: {
                  req: (request: RawRequest) => ({ id: request.id, method: request.method, url: originalUrl(request) }),
                  res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
                },
                // Evaluated once, when the response is done: by then routing and auth have filled the context.
                customSuccessObject: (request: RawRequest, _response: ServerResponse, fields: object) => completionFields(request, fields),
                customErrorObject: (request: RawRequest, _response: ServerResponse, _error: Error, fields: object) =>
                  completionFields(request, fields),
                customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
                  error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
                customSuccessMessage: (request: RawRequest, response: ServerResponse) =>
                  `${request.method} ${pathOf(originalUrl(request))} ${response.statusCode}`,
                customErrorMessage: (request: RawRequest, response: ServerResponse) =>
                  `${request.method} ${pathOf(originalUrl(request))} ${response.statusCode}`,
              },
              options.destination,
            ].filter((part) => part !== undefined) as never,
            // A named wildcard that Nest also applies to the paths excluded from the global prefix
            // (health, metrics); nestjs-pino's default adds those a second time and logs them twice.
            forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
          }),
        }),
      ],
    };
  }
}
