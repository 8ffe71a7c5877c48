/**
 * Through-proxy vs direct-to-legacy, in one run: throughput and latency percentiles of the same
 * request sent straight to a legacy stand-in and through Switchyard's routing gateway. The load
 * generator, the stand-in and Switchyard (built, `npm run build`) each run in their own process.
 * Run: npm run bench:proxy   (loopback only; bounded by REQUESTS and CONCURRENCY)
 */
import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool, request } from 'undici';

const REQUESTS = Number(process.env.REQUESTS ?? 20_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const WARMUP = 2_000;

interface Result {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

async function load(name: string, origin: string, path: string, count: number): Promise<Result> {
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        const before = performance.now();
        const response = await pool.request({ method: 'GET', path });
        await response.body.text();
        if (response.statusCode !== 200) throw new Error(`${name}: status ${response.statusCode}`);
        latencies.push(performance.now() - before);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]!;
  return { name, requestsPerSecond: Math.round(count / seconds), p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function startLegacy(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(__dirname, 'legacy-stand-in.server.js'), [], { stdio: 'inherit' });
  return new Promise((resolve) =>
    child.once('message', (message: { port: number }) => resolve({ child, url: `http://127.0.0.1:${message.port}` })),
  );
}

/** The floor any proxy pays on this machine: Fastify + undici and nothing else. */
async function startBareProxy(legacyUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const port = 38_000 + Math.floor(Math.random() * 1_000);
  const child = fork(join(__dirname, 'bare-proxy.server.js'), [], {
    env: { ...process.env, PORT: String(port), LEGACY_BASE_URL: legacyUrl },
    stdio: 'inherit',
  });
  return { child, url: await waitUntilServing(`http://127.0.0.1:${port}`, '/any') };
}

async function waitUntilServing(url: string, path: string): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const ready = await request(`${url}${path}`).then(
      (response) => response.body.text().then(() => response.statusCode === 200),
      () => false,
    );
    if (ready) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not start`);
}

async function startSwitchyard(legacyUrl: string, dataDirectory: string): Promise<{ child: ChildProcess; url: string }> {
  const port = 39_000 + Math.floor(Math.random() * 1_000);
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    LEGACY_BASE_URL: legacyUrl,
    DATABASE_SQLITE_PATH: join(dataDirectory, 'bench.sqlite'),
  };
  delete environment.DATABASE_URL;
  delete environment.REDIS_URL;
  const child = fork(join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js'), [], {
    env: environment,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return { child, url: await waitUntilServing(`http://127.0.0.1:${port}`, '/health/live') };
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'swy-bench-'));
  const legacy = await startLegacy();
  const switchyard = await startSwitchyard(legacy.url, directory);
  const bare = await startBareProxy(legacy.url);
  try {
    for (const url of [legacy.url, bare.url, switchyard.url]) await load('warm-up', url, '/api/v1/legacy-only/items', WARMUP);
    const direct = await load('direct to legacy', legacy.url, '/api/v1/legacy-only/items', REQUESTS);
    const floor = await load('bare Fastify + undici proxy', bare.url, '/api/v1/legacy-only/items', REQUESTS);
    const proxied = await load('through Switchyard', switchyard.url, '/api/v1/legacy-only/items', REQUESTS);

    console.table(
      [direct, floor, proxied].map((result) => ({
        ...result,
        p50: result.p50.toFixed(3),
        p95: result.p95.toFixed(3),
        p99: result.p99.toFixed(3),
      })),
    );
    console.log(`throughput of a bare proxy: ${((floor.requestsPerSecond / direct.requestsPerSecond) * 100).toFixed(1)}% of direct`);
    console.log(`throughput through proxy: ${((proxied.requestsPerSecond / direct.requestsPerSecond) * 100).toFixed(1)}% of direct`);
    console.log(
      `added latency: p50 +${(proxied.p50 - direct.p50).toFixed(3)} ms, p95 +${(proxied.p95 - direct.p95).toFixed(3)} ms, p99 +${(proxied.p99 - direct.p99).toFixed(3)} ms`,
    );
    console.log(`(${REQUESTS} requests, ${CONCURRENCY} connections, node ${process.version})`);
  } finally {
    switchyard.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    legacy.child.kill('SIGTERM');
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
