import { parsePrometheusText } from './prometheus.text';

describe('parsePrometheusText', () => {
  it('should read names, labels with escapes, values and +Inf, and skip comments', () => {
    const text = [
      '# HELP http_request_duration_seconds HTTP requests',
      '# TYPE http_request_duration_seconds histogram',
      'http_request_duration_seconds_bucket{le="0.005",route="/api/v1/spaces/:id",served_by="new"} 12',
      'http_request_duration_seconds_bucket{le="+Inf",route="/api/v1/spaces/:id",served_by="new"} 15',
      'switchyard_routing_shadow_total{route="/a \\"quoted\\" \\\\ path",outcome="match"} 3 1700000000000',
      'process_uptime_seconds 42.5',
      '',
    ].join('\n');

    expect(parsePrometheusText(text)).toEqual([
      { name: 'http_request_duration_seconds_bucket', labels: { le: '0.005', route: '/api/v1/spaces/:id', served_by: 'new' }, value: 12 },
      { name: 'http_request_duration_seconds_bucket', labels: { le: '+Inf', route: '/api/v1/spaces/:id', served_by: 'new' }, value: 15 },
      { name: 'switchyard_routing_shadow_total', labels: { route: '/a "quoted" \\ path', outcome: 'match' }, value: 3 },
      { name: 'process_uptime_seconds', labels: {}, value: 42.5 },
    ]);
  });
});
