import { RunningApp, startApp, startEmbeddedApp } from '../support/app-harness';
import { createTestDatabase } from '../support/databases';
import { TEST_REDIS_URL, runId } from '../support/test-environment';

const METRICS_TOKEN = 'metrics-token-for-the-e2e-suite-0123456789';
const DOCS_TOKEN = 'docs-token-for-the-e2e-suite-0123456789abcd';
const DOCS_PATHS = ['/docs', '/docs/', '/docs-json', '/docs-yaml', '/docs/swagger-ui.css'];

const get = (running: RunningApp, path: string, authorization?: string) =>
  fetch(`${running.baseUrl}${path}`, { headers: authorization ? { authorization } : {} });

/** Statuses only; each body is read to the end, so no response is left half-sent when the app closes. */
const statusesOf = async (running: RunningApp, paths: readonly string[], authorization?: string) =>
  Promise.all(
    paths.map(async (path) => {
      const response = await get(running, path, authorization);
      await response.arrayBuffer();
      return response.status;
    }),
  );

const bodyOf = async (response: Response) => (await response.json()) as { statusCode: number; error: string };

describe('/metrics and /docs access (METRICS_ACCESS, DOCS_ACCESS)', () => {
  describe('token', () => {
    let running: RunningApp;

    beforeAll(async () => {
      running = await startEmbeddedApp({
        METRICS_ACCESS: 'token',
        METRICS_TOKEN,
        DOCS_ACCESS: 'token',
        DOCS_TOKEN,
      });
    });

    afterAll(() => running.close());

    it('should serve /metrics to the bearer of METRICS_TOKEN, as Prometheus sends it', async () => {
      const response = await get(running, '/metrics', `Bearer ${METRICS_TOKEN}`);

      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^process_cpu_user_seconds_total /m);
    });

    it('should answer /metrics without a token 401 MISSING_TOKEN, and with a wrong one, or the docs token, 401 INVALID_TOKEN', async () => {
      const answers = await Promise.all(
        [undefined, 'Bearer not-the-metrics-token', `Bearer ${DOCS_TOKEN}`, `Basic ${METRICS_TOKEN}`].map((authorization) =>
          get(running, '/metrics', authorization),
        ),
      );

      expect(await Promise.all(answers.map(async (answer) => [answer.status, (await bodyOf(answer)).error]))).toEqual([
        [401, 'MISSING_TOKEN'],
        [401, 'INVALID_TOKEN'],
        [401, 'INVALID_TOKEN'],
        [401, 'MISSING_TOKEN'],
      ]);
      expect(answers[0]!.headers.get('www-authenticate')).toBe('Bearer');
      expect(answers[0]!.headers.get('x-request-id')).toBeTruthy();
    });

    it('should serve every docs route to the bearer of DOCS_TOKEN and to nobody else', async () => {
      const withToken = await statusesOf(running, DOCS_PATHS, `Bearer ${DOCS_TOKEN}`);
      const withoutToken = await statusesOf(running, DOCS_PATHS);
      const withWrongToken = await statusesOf(running, DOCS_PATHS, `Bearer ${METRICS_TOKEN}`);

      expect(withToken).toEqual(DOCS_PATHS.map(() => 200));
      expect(withoutToken).toEqual(DOCS_PATHS.map(() => 401));
      expect(withWrongToken).toEqual(DOCS_PATHS.map(() => 401));
    });

    it('should guard /metrics however its path is spelled, since the router decodes what a prefix check would not', async () => {
      const spellings = ['/metrics?format=text', '/%6detrics', '/%6D%65trics'];

      const withoutToken = await statusesOf(running, spellings);
      const withToken = await statusesOf(running, spellings, `Bearer ${METRICS_TOKEN}`);

      expect(withoutToken).toEqual([401, 401, 401]);
      expect(withToken).toEqual([200, 200, 200]);
    });
  });

  describe('off', () => {
    let running: RunningApp;

    beforeAll(async () => {
      running = await startEmbeddedApp({ METRICS_ACCESS: 'off', METRICS_TOKEN: undefined, DOCS_ACCESS: 'off', DOCS_TOKEN: undefined });
    });

    afterAll(() => running.close());

    it('should answer /metrics and every docs route 404 NOT_FOUND, as an unknown path, whatever token comes along', async () => {
      const paths = ['/metrics', ...DOCS_PATHS];

      const answers = await Promise.all(paths.map((path) => get(running, path, `Bearer ${METRICS_TOKEN}`)));
      const unknown = await get(running, '/no-such-endpoint');

      expect(answers.map((answer) => answer.status)).toEqual(paths.map(() => 404));
      expect(await bodyOf(answers[0]!)).toEqual({ ...(await bodyOf(unknown)), message: 'Cannot GET /metrics' });
    });
  });

  describe('open', () => {
    let running: RunningApp;

    beforeAll(async () => {
      running = await startEmbeddedApp({ METRICS_ACCESS: 'open', METRICS_TOKEN: undefined, DOCS_ACCESS: 'open', DOCS_TOKEN: undefined });
    });

    afterAll(() => running.close());

    it('should serve /metrics and every docs route to anyone', async () => {
      const statuses = await statusesOf(running, ['/metrics', ...DOCS_PATHS]);

      expect(statuses).toEqual([200, ...DOCS_PATHS.map(() => 200)]);
    });
  });

  describe('defaults', () => {
    it('should leave both open in development, for the quick start', async () => {
      const running = await startEmbeddedApp({
        NODE_ENV: 'development',
        METRICS_ACCESS: undefined,
        METRICS_TOKEN: undefined,
        DOCS_ACCESS: undefined,
        DOCS_TOKEN: undefined,
      });

      try {
        const statuses = await statusesOf(running, ['/metrics', '/docs', '/docs-json']);

        expect(statuses).toEqual([200, 200, 200]);
      } finally {
        await running.close();
      }
    });

    it('should serve neither in production unless configured, and keep serving health', async () => {
      const database = await createTestDatabase('operational');
      const running = await startApp({
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: `${runId()}:operational`,
        PLATFORM_TENANT: 'platform',
        GRPC_ENABLED: 'false',
        METRICS_ACCESS: undefined,
        METRICS_TOKEN: undefined,
        DOCS_ACCESS: undefined,
        DOCS_TOKEN: undefined,
      });

      try {
        const statuses = await statusesOf(running, ['/metrics', '/docs', '/docs-json', '/health/live']);

        expect(statuses).toEqual([404, 404, 404, 200]);
      } finally {
        await running.close();
        await database.drop();
      }
    });
  });
});
