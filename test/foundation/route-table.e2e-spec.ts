import { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { createApp, serveApp } from '../../apps/api/src/app.factory';
import { LogCapture } from '../support/app-harness';

const PUBLIC_OPERATIONS = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/refresh', 'GET /health/live', 'GET /health/ready']);

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** Checks that hold over every route the app serves, so a new route cannot skip them. */
describe('the route table', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-routes-'));
  const served: Array<{ method: string; url: string }> = [];
  let running: { baseUrl: string; close: () => Promise<void> };
  let document: OpenApiDocument;

  beforeAll(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.REDIS_URL;
    process.env.DATABASE_SQLITE_PATH = join(directory, 'db.sqlite');
    const { app } = await createApp({ logDestination: new LogCapture() });
    // Routes are registered when the app initialises, so this sees every one of them.
    (app.getHttpAdapter().getInstance() as FastifyInstance).addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) served.push({ method, url: route.url });
    });
    await serveApp(app, { port: 0, host: '127.0.0.1' });
    running = { baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`, close: () => app.close() };
    document = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await running.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );

  it('should document every /api/v1 route the server serves', () => {
    const apiRoutes = served.filter((route) => route.url.startsWith('/api/v1/') && route.method !== 'HEAD');

    const undocumented = apiRoutes.filter((route) => !document.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()]);

    expect(apiRoutes.length).toBeGreaterThan(15);
    expect(undocumented).toEqual([]);
  });

  it('should refuse every non-public operation without a token', async () => {
    const guarded = operations().filter((operation) => !PUBLIC_OPERATIONS.has(`${operation.method} ${operation.path}`));

    const answers = await Promise.all(
      guarded.map(async (operation) => {
        const url = operation.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
        const hasBody = !['GET', 'DELETE'].includes(operation.method);
        const response = await fetch(`${running.baseUrl}${url}`, {
          method: operation.method,
          headers: hasBody ? { 'content-type': 'application/json' } : {},
          body: hasBody ? '{}' : undefined,
        });
        return `${operation.method} ${operation.path} ${response.status}`;
      }),
    );

    expect(guarded.length).toBeGreaterThan(10);
    expect(answers.filter((answer) => !answer.endsWith(' 401'))).toEqual([]);
  });

  it('should count requests in the HTTP histogram at /metrics', async () => {
    await fetch(`${running.baseUrl}/health/live`);

    const text = await (await fetch(`${running.baseUrl}/metrics`)).text();

    expect(text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200",served_by="new"\} [1-9]\d*$/m,
    );
  });
});
