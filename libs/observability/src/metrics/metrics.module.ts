import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { MetricsController } from './metrics.controller';
import { MetricsRegistryModule } from './metrics-registry.module';
import { MetricsRegistry } from './metrics.registry';
import { MetricsSource } from './metrics.source';

/**
 * Prometheus exposition: the process metrics, the HTTP histogram, and whatever the capabilities register
 * through the MetricsRegistry (MetricsRegistryModule provides it to every module).
 */
@Module({ imports: [MetricsRegistryModule], controllers: [MetricsController], providers: [MetricsSource] })
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    const histogram = this.metrics.talliedHistogram(
      'http_request_duration_seconds',
      'HTTP requests by method, route template, status and serving side (new or legacy)',
      ['method', 'route', 'status_code', 'served_by'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // The route template, not the raw URL, keeps the label set bounded.
    fastify.addHook('onResponse', (request, reply, done) => {
      const servedBy = reply.getHeader('x-served-by');
      histogram.observe(
        [
          request.method,
          request.routeOptions.url ?? 'unmatched',
          statusText(reply.statusCode),
          typeof servedBy === 'string' ? servedBy : 'new',
        ],
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
}

const STATUS_TEXTS: string[] = [];
/** The status code as a label value, made once per code rather than once per request. */
function statusText(status: number): string {
  return (STATUS_TEXTS[status] ??= String(status));
}
