import { ProbeModule } from '../support/probe.module';
import { RunningApp, startEmbeddedApp } from '../support/app-harness';

/** Error shapes, request ids and request logs, on the embedded profile (no MySQL needed for these). */
describe('HTTP contract', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startEmbeddedApp(
      {
        BODY_LIMIT_BYTES: '2048',
        LOG_LEVEL: 'info',
      },
      { imports: [ProbeModule] },
    );
  });

  afterAll(() => running.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${running.baseUrl}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  describe('errors', () => {
    it('should answer 400 naming each invalid field and its reason', async () => {
      const response = await post('/api/v1/probe/echo', JSON.stringify({ name: '', count: 0, password: 'x', extra: 1 }));

      expect(response.status).toBe(400);
      const body = (await response.json()) as { details: unknown };
      expect(body).toMatchObject({ statusCode: 400, error: 'VALIDATION_FAILED' });
      expect(body.details).toEqual(
        expect.arrayContaining([
          { field: 'name', reason: 'name should not be empty' },
          { field: 'count', reason: 'count must not be less than 1' },
          { field: 'extra', reason: 'property extra should not exist' },
        ]),
      );
    });

    it('should answer 400 MALFORMED_JSON for a body that is not JSON', async () => {
      const response = await post('/api/v1/probe/echo', '{"name": ');

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ statusCode: 400, error: 'MALFORMED_JSON', message: 'Request body is not valid JSON' });
    });

    it('should answer 413 for a body over the configured limit', async () => {
      const response = await post('/api/v1/probe/echo', JSON.stringify({ name: 'x'.repeat(4096), count: 1, password: 'p' }));

      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        statusCode: 413,
        error: 'PAYLOAD_TOO_LARGE',
        message: 'Request body is larger than the configured limit',
      });
    });

    it('should answer an unknown route with 404 in the same shape', async () => {
      const response = await fetch(`${running.baseUrl}/api/v1/nowhere`);

      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ statusCode: 404, error: 'NOT_FOUND', message: 'Cannot GET /api/v1/nowhere' });
    });

    it('should answer an unexpected error with 500, the request id and no internals', async () => {
      const response = await fetch(`${running.baseUrl}/api/v1/probe/boom`, { headers: { 'x-request-id': 'boom-1' } });

      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toEqual({
        statusCode: 500,
        error: 'INTERNAL_ERROR',
        message: 'Internal server error',
        details: { requestId: 'boom-1' },
      });
      expect(text).not.toMatch(/hunter2|secret|at /);
    });

    it('should log an unexpected error with its stack and context', async () => {
      await fetch(`${running.baseUrl}/api/v1/probe/boom`, { headers: { 'x-request-id': 'boom-2' } });

      const line = running.logs.find((entry) => entry.requestId === 'boom-2' && entry.context === 'Errors');
      expect(line).toMatchObject({
        level: 50,
        status: 500,
        method: 'GET',
        route: '/api/v1/probe/boom',
        handler: 'ProbeController.boom',
        module: 'unknown',
      });
      expect((line?.err as { stack: string }).stack).toContain('TypeError: database password is hunter2');
    });
  });

  describe('request id', () => {
    it('should echo a sane incoming X-Request-Id', async () => {
      const response = await fetch(`${running.baseUrl}/health/live`, { headers: { 'x-request-id': 'trace-me-1' } });

      expect(response.headers.get('x-request-id')).toBe('trace-me-1');
    });

    it('should generate an id when the incoming one is not sane', async () => {
      const response = await fetch(`${running.baseUrl}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });

      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('request log', () => {
    it('should log method, raw path without its query, route template, status, duration and request id once per request', async () => {
      await post('/api/v1/probe/echo?verbose=1&access_token=query-secret', JSON.stringify({ name: 'n', count: 2, password: 'p' }), {
        'x-request-id': 'log-1',
      });

      const lines = running.logs.lines.filter((entry) => entry.requestId === 'log-1' && entry.res !== undefined);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        method: 'POST',
        path: '/api/v1/probe/echo',
        route: '/api/v1/probe/echo',
        handler: 'ProbeController.echo',
        res: { statusCode: 201 },
        req: { url: '/api/v1/probe/echo' },
      });
      expect(running.logs.raw.filter((line) => line.includes('log-1')).join('\n')).not.toContain('query-secret');
      expect(typeof lines[0]!.durationMs).toBe('number');
    });

    it('should not log authorization headers, cookies or passwords', async () => {
      await post('/api/v1/probe/echo', JSON.stringify({ name: 'n', count: 1, password: 'pa55-w0rd-secret' }), {
        authorization: 'Bearer eyJ-secret-token',
        cookie: 'session=cookie-secret',
        'x-request-id': 'log-2',
      });

      const everything = running.logs.raw.join('\n');
      expect(everything).toContain('log-2');
      expect(everything).not.toMatch(/eyJ-secret-token|cookie-secret|pa55-w0rd-secret/);
    });
  });

  describe('docs', () => {
    it('should serve the OpenAPI UI and JSON outside the API prefix', async () => {
      const ui = await fetch(`${running.baseUrl}/docs`);
      const json = await fetch(`${running.baseUrl}/docs-json`);

      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger');
      expect(await json.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: 'Switchyard API' } });
    });
  });
});
