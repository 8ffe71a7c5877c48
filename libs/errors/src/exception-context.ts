import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { requestLogContext } from '@switchyard/observability';
import { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/** Records the route template and the handler, so access logs and error logs can name them. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      const log = requestLogContext(request.raw);
      log.handler = `${context.getClass().name}.${context.getHandler().name}`;
    }
    return next.handle();
  }
}

/** The lib or app a stack trace starts in: `libs/tenancy`, `apps/api`, or `unknown`. */
export function originModule(stack: string | undefined): string {
  const frame = stack?.split('\n').find((line) => /[/\\](libs|apps)[/\\][^/\\]+[/\\]/.test(line) && !line.includes('node_modules'));
  const match = frame?.match(/[/\\](libs|apps)[/\\]([^/\\]+)[/\\]/);
  return match ? `${match[1]}/${match[2]}` : 'unknown';
}
