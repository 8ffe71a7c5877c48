import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { handlerOf, requestLogContext } from '@switchyard/observability';
import { FastifyReply, FastifyRequest } from 'fastify';
import { originModule } from './exception-context';
import { toErrorResponse } from './error-mapping';

/** Every error leaves in one shape; unexpected ones are logged once with stack and context, never leaked. */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, headers } = toErrorResponse(exception, String(request.id));
    if (status >= 500) this.logFailure(exception, request, status);
    if (reply.sent) return;
    void reply.status(status).headers(headers).send(body);
  }

  private logFailure(exception: unknown, request: FastifyRequest, status: number): void {
    const error = exception instanceof Error ? exception : new Error(String(exception));
    const context = requestLogContext(request.raw);
    // An outage of a dependency is expected operations noise (warn); anything else is a defect (error).
    const level = status === 503 ? 'warn' : 'error';
    this.logger[level](
      {
        err: error,
        status,
        requestId: request.id,
        method: request.method,
        route: request.routeOptions?.url,
        handler: handlerOf(request),
        module: originModule(error.stack),
        tenantId: context.tenantId,
        userId: context.userId,
      },
      `${error.name}: ${error.message}`,
    );
  }
}
