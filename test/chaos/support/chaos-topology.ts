import { JvmEmulator } from '../../../apps/jvm-emulator/src';
import { createConnection } from 'mysql2/promise';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createTestDatabase, migrateAsOperator } from '../../support/databases';
import { insertTenantWithOwner } from '../../support/identity';
import { LegacyStandIn } from '../../support/legacy-stand-in';
import { NginxBalancer } from '../../support/nginx';
import { freePort } from '../../support/ports';
import { ServerProcess } from '../../support/server-process';
import { TcpProxy } from '../../support/tcp-proxy';
import { TEST_REDIS_URL, runId } from '../../support/test-environment';

export type Dependency = 'database' | 'redis' | 'legacy' | 'calcite';

const IDENTITY_SECRET = 'identity-secret-for-the-chaos-suite-0123456789';
const DEPLOYED_SITE = join(__dirname, '..', '..', '..', 'deploy', 'nginx', 'switchyard.conf');

/** Spaces (and the SQL validation under them) on the new side for acme, with reads falling back to legacy; the rest on legacy. */
export const CHAOS_ROUTING = {
  default: 'legacy',
  features: [{ key: 'spaces-api', enabled: true, tenants: { allow: ['acme'], deny: [] }, percentage: 0, salt: 'spaces-api-v1' }],
  rules: [{ match: { pathPrefix: '/api/v1/spaces' }, feature: 'spaces-api', target: 'new', fallback: 'safe', timeoutMs: 5000 }],
  // Off: an outage would otherwise switch the feature to legacy half-way, and the figures would mix two routings.
  rollback: { enabled: false, windowMs: 60000, minRequests: 5 },
};

/**
 * Two nodes in processes of their own behind the deployed nginx site, each reaching MariaDB and Redis through
 * a TCP hop of its own; legacy (a stand-in) and Calcite (the JVM emulator) behind one hop each. Cutting a
 * dependency cuts every hop to it at once.
 */
export class ChaosTopology {
  readonly nodes: ServerProcess[] = [];
  /** Every node process ever started, stopped ones included (none may exit unless the test stopped it). */
  readonly processes: ServerProcess[] = [];
  private readonly directory = mkdtempSync(join(tmpdir(), 'swy-chaos-'));
  private readonly proxies: Record<Dependency, TcpProxy[]> = { database: [], redis: [], legacy: [], calcite: [] };
  private readonly ports: number[] = [];
  readonly redisPrefix = `${runId()}:chaos`;
  database!: Awaited<ReturnType<typeof createTestDatabase>>;
  legacy!: LegacyStandIn;
  nginx!: NginxBalancer;
  private emulator?: JvmEmulator;

  async start(): Promise<this> {
    this.database = await createTestDatabase('chaos');
    await migrateAsOperator(this.database.url);
    await insertTenantWithOwner(this.database.url, 'acme', 'owner', 'acme-owner-password');
    this.legacy = await new LegacyStandIn().start();
    this.legacy.handler = (request) => ({
      status: request.method === 'POST' ? 201 : 200,
      body: { servedBy: 'legacy', method: request.method, url: request.url },
    });
    this.emulator = new JvmEmulator();
    const calcitePort = await this.emulator.start(0);
    const mysql = new URL(this.database.url);
    const redis = new URL(TEST_REDIS_URL);
    for (let index = 0; index < 2; index += 1) {
      this.proxies.database.push(await new TcpProxy({ host: mysql.hostname, port: Number(mysql.port || 3306) }).start());
      this.proxies.redis.push(await new TcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) }).start());
      this.ports.push(await freePort());
    }
    const legacyUrl = new URL(this.legacy.url);
    this.proxies.legacy.push(await new TcpProxy({ host: legacyUrl.hostname, port: Number(legacyUrl.port) }).start());
    this.proxies.calcite.push(await new TcpProxy({ host: '127.0.0.1', port: calcitePort }).start());
    writeFileSync(join(this.directory, 'routing.json'), JSON.stringify(CHAOS_ROUTING));
    // One at a time: the first stores the routing document as version 1, the second starts from it.
    for (let index = 0; index < 2; index += 1) await this.startNode(index);
    this.nginx = await NginxBalancer.startWith((port) => deployedSite(port, this.ports));
    return this;
  }

  /** What the report says the run ran on. */
  describe(): string[] {
    return [
      'nginx (Debian nginx-light) with the site of deploy/nginx/switchyard.conf, only its listen port and upstream addresses changed',
      'two Switchyard nodes (apps/api/src/main.ts under ts-node, one process each, LOG_LEVEL=warn, gRPC server off)',
      'each node: MariaDB and Redis through a TCP hop of its own (cut = every open connection dropped and new ones refused)',
      'legacy: an HTTP stand-in (test/support/legacy-stand-in.ts) behind one TCP hop shared by both nodes',
      'Calcite: the Node JVM emulator (apps/jvm-emulator) behind one TCP hop shared by both nodes',
      `routing: ${JSON.stringify(CHAOS_ROUTING.rules)}, default legacy, rollback off`,
    ];
  }

  cut(dependency: Dependency): void {
    for (const proxy of this.proxies[dependency]) proxy.interrupt();
  }

  restore(dependency: Dependency): void {
    for (const proxy of this.proxies[dependency]) proxy.restore();
  }

  /** A node's settings: everything it talks to goes through the hops above. */
  private environmentOf(index: number): Record<string, string> {
    const database = new URL(this.database.url);
    database.port = String(this.proxies.database[index]!.port);
    return {
      PORT: String(this.ports[index]),
      DATABASE_URL: database.toString(),
      DATABASE_MIGRATIONS_RUN: 'false',
      DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
      REDIS_URL: `redis://127.0.0.1:${this.proxies.redis[index]!.port}`,
      REDIS_KEY_PREFIX: this.redisPrefix,
      REDIS_CONNECT_TIMEOUT_MS: '500',
      LEGACY_BASE_URL: `http://127.0.0.1:${this.proxies.legacy[0]!.port}`,
      LEGACY_IDENTITY_SECRET: IDENTITY_SECRET,
      ROUTING_CONFIG: join(this.directory, 'routing.json'),
      ROUTING_RECONCILE_MS: '500',
      JVM_CALCITE_ADDRESS: `127.0.0.1:${this.proxies.calcite[0]!.port}`,
      JVM_DEADLINE_MS: '2000',
      JVM_BREAKER_COOLDOWN_MS: '1000',
      PLATFORM_TENANT: 'acme',
      TRUSTED_PROXIES: 'loopback',
      // Every request comes from nginx's address; the Redis scenario logs in repeatedly to see when logins return.
      LOGIN_THROTTLE_IP_LIMIT: '10000',
      LOGIN_THROTTLE_USER_LIMIT: '10000',
      GRPC_ENABLED: 'false',
    };
  }

  async startNode(index: number): Promise<ServerProcess> {
    const node = await ServerProcess.start(this.environmentOf(index));
    this.nodes[index] = node;
    this.processes.push(node);
    return node;
  }

  /** Rows of `spaces` per name (names starting with `prefix`), and names of spaces without their owner's membership. */
  async spaces(prefix: string): Promise<{ rows: Map<string, number>; withoutMembership: string[] }> {
    const connection = await createConnection({ uri: this.database.url });
    try {
      const [counted] = await connection.query('SELECT name, COUNT(*) AS count FROM spaces WHERE name LIKE ? GROUP BY name', [
        `${prefix}%`,
      ]);
      const [orphans] = await connection.query(
        'SELECT s.name FROM spaces s LEFT JOIN space_memberships m ON m.space_id = s.id WHERE s.name LIKE ? AND m.space_id IS NULL',
        [`${prefix}%`],
      );
      return {
        rows: new Map((counted as Array<{ name: string; count: number }>).map((row) => [row.name, Number(row.count)])),
        withoutMembership: (orphans as Array<{ name: string }>).map((row) => row.name),
      };
    } finally {
      await connection.end();
    }
  }

  /** How many times legacy received a write with each name (its stand-in records every request it got). */
  legacyWrites(prefix: string): Map<string, number> {
    const received = new Map<string, number>();
    for (const request of this.legacy.received) {
      if (request.method !== 'POST') continue;
      const name = (JSON.parse(request.body || '{}') as { name?: string }).name;
      if (name?.startsWith(prefix)) received.set(name, (received.get(name) ?? 0) + 1);
    }
    return received;
  }

  /** Stops whatever started (also after a failed start), every step tried even when one before it fails. */
  async stop(): Promise<void> {
    const steps = [
      () => this.nginx?.stop(),
      ...this.nodes.map((node) => () => node?.stop()),
      ...Object.values(this.proxies)
        .flat()
        .map((proxy) => () => proxy.stop()),
      () => this.legacy?.stop(),
      () => this.emulator?.stop(),
      () => this.database?.drop(),
      () => deleteKeys(this.redisPrefix),
    ];
    const failures: unknown[] = [];
    for (const step of steps) await Promise.resolve(step()).catch((error: unknown) => failures.push(error));
    rmSync(this.directory, { recursive: true, force: true });
    if (failures.length > 0) throw new AggregateError(failures, 'the chaos topology did not stop cleanly');
  }
}

/** The production site with its test-only stubs, as test/deploy/nginx-balancer.e2e-spec.ts makes it. */
function deployedSite(port: number, nodePorts: readonly number[]): string {
  return readFileSync(DEPLOYED_SITE, 'utf8')
    .replace(/^(\s*)listen\s+80;/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^(\s*server\s+)switchyard-(\d+):3000/gm, (_whole, prefix: string, number: string) => {
      const nodePort = nodePorts[Number(number) - 1];
      if (nodePort === undefined) throw new Error(`no node for the upstream switchyard-${number}`);
      return `${prefix}127.0.0.1:${nodePort}`;
    });
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
