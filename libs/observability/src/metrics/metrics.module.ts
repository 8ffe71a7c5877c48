import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance } from 'fastify';
import { Histogram, collectDefaultMetrics, register } from 'prom-client';
import { MetricsController } from './metrics.controller';
import { MetricsSource } from './metrics.source';

function httpHistogram(): Histogram {
  const name = 'http_request_duration_seconds';
  return (
    (register.getSingleMetric(name) as Histogram | undefined) ??
    new Histogram({
      name,
      help: 'HTTP requests by method, route template, status and serving side (new or legacy)',
      labelNames: ['method', 'route', 'status_code', 'served_by'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    })
  );
}

/** Prometheus exposition of the process metrics, the HTTP histogram, and whatever the capabilities register. */
@Module({ controllers: [MetricsController], providers: [MetricsSource] })
export class MetricsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {
    // Registered once per process: a second app in the same process (tests) must not re-register.
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  }

  onModuleInit(): void {
    const histogram = httpHistogram();
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // The route template, not the raw URL, keeps the label set bounded.
    fastify.addHook('onResponse', (request, reply, done) => {
      const servedBy = reply.getHeader('x-served-by');
      histogram.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
          served_by: typeof servedBy === 'string' ? servedBy : 'new',
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
}
