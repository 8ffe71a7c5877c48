import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs the real entry point as a process, the way an operator starts it. */
function start(environment: Record<string, string>, preload: string[] = []): { status: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', ...preload, 'apps/api/src/main.ts'],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', ...environment },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: result.status, stderr: result.stderr };
}

describe('start-up configuration check', () => {
  it('should exit 1 listing every bad key in one message', () => {
    const { status, stderr } = start({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'postgres://x/y' });

    expect(status).toBe(1);
    expect(stderr).toContain('Invalid configuration (6 problems)');
    expect(stderr).toMatch(/DATABASE_URL: must be a mysql:\/\/ or mariadb:\/\/ URL/);
    expect(stderr).toMatch(/LOG_LEVEL: /);
    expect(stderr).toMatch(/PORT: /);
    // A database is configured: the node is shared, and has no secrets to fall back on.
    expect(stderr).toMatch(/JWT_SECRET: is required/);
  });

  it('should refuse production without MySQL, Redis, secrets and a platform tenant', () => {
    const { status, stderr } = start({ NODE_ENV: 'production' });

    expect(status).toBe(1);
    expect(stderr).toMatch(/DATABASE_URL: is required when NODE_ENV=production/);
    expect(stderr).toMatch(/REDIS_URL: is required when NODE_ENV=production/);
    expect(stderr).toMatch(/JWT_SECRET: is required when NODE_ENV=production/);
    expect(stderr).toMatch(/PLATFORM_TENANT: is required when NODE_ENV=production/);
  });

  it('should refuse token access to /metrics and /docs without their tokens, and a token no mode uses', () => {
    const { status, stderr } = start({ METRICS_ACCESS: 'token', DOCS_TOKEN: 'a-docs-token-that-is-long-enough-0123456789' });

    expect(status).toBe(1);
    expect(stderr).toContain('Invalid configuration (2 problems)');
    expect(stderr).toMatch(/METRICS_TOKEN: is required with METRICS_ACCESS=token/);
    expect(stderr).toMatch(/DOCS_TOKEN: is set but DOCS_ACCESS is open \(its default when NODE_ENV=development\)/);
  });

  it('should refuse to start on a real database and Redis when NODE_ENV is forgotten and no secret is set', () => {
    const { status, stderr } = start({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/never_reached', REDIS_URL: 'redis://127.0.0.1:6379' });

    expect(status).toBe(1);
    for (const name of ['JWT_SECRET', 'DATASOURCE_ENCRYPTION_KEYS', 'PLATFORM_INTERNAL_TOKEN'])
      expect(stderr).toMatch(new RegExp(`${name}: is required when NODE_ENV=production or DATABASE_URL/REDIS_URL is set`));
  });

  it('should exit 1 naming the tracing variable when the exporter, sampler or OTLP protocol is not one OpenTelemetry defines', () => {
    const tracing = ['-r', './apps/api/src/tracing.ts'];

    const exporter = start({ OTEL_TRACES_EXPORTER: 'otlp,jaeger' }, tracing);
    const sampler = start({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_TRACES_SAMPLER: 'sometimes' }, tracing);
    const protocol = start({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' }, tracing);

    expect([exporter.status, sampler.status, protocol.status]).toEqual([1, 1, 1]);
    expect(exporter.stderr).toMatch(/Switchyard cannot start\. OTEL_TRACES_EXPORTER must list otlp, zipkin, console, none; got "jaeger"/);
    expect(sampler.stderr).toMatch(/Switchyard cannot start\. OTEL_TRACES_SAMPLER must be one of .*got "sometimes"/);
    expect(protocol.stderr).toMatch(
      /Switchyard cannot start\. OTEL_EXPORTER_OTLP_\(TRACES_\)PROTOCOL must be one of http\/protobuf, http\/json, grpc, got "http\/xml"/,
    );
  });

  it('should exit 1 naming GRPC_HOST/GRPC_PORT when the gRPC port is taken', async () => {
    const occupant = createServer();
    await new Promise<void>((resolve) => occupant.listen(0, '127.0.0.1', resolve));
    const directory = mkdtempSync(join(tmpdir(), 'swy-startup-'));

    try {
      const { status, stderr } = start({
        GRPC_PORT: String((occupant.address() as AddressInfo).port),
        DATABASE_SQLITE_PATH: join(directory, 'db.sqlite'),
        PORT: '0',
      });

      expect(status).toBe(1);
      expect(stderr).toMatch(/Switchyard cannot start\. Error: Cannot serve gRPC \(GRPC_HOST\/GRPC_PORT\): .*EADDRINUSE/);
    } finally {
      occupant.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
