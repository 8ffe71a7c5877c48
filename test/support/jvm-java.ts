import type { status } from '@grpc/grpc-js';
import { createConnection } from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JvmEmulator } from '../../apps/jvm-emulator/src';
import type { EmulatedService, RecordedCall, SyncTask } from '../../apps/jvm-emulator/src';
import { createTestDatabase } from './databases';
import { eventually } from './poll';
import { TEST_MYSQL_URL } from './test-environment';

const JVM_JAVA = join(__dirname, '..', '..', 'apps', 'jvm-java');
const run = promisify(execFile);

/**
 * A calcite.v1/seatunnel.v1 server a contract test runs against, with the emulator's test controls: the Node emulator
 * in-process, or the Java server (apps/jvm-java) as a child process with the same controls over HTTP.
 */
export interface JvmServerUnderTest {
  readonly kind: 'emulator' | 'java';
  /** host:port of the gRPC server. */
  readonly address: string;
  /** The next `count` calls (to `service`, or to either) answer `code` instead of being served. */
  failNext(count: number, code: status, service?: EmulatedService): Promise<void>;
  /** Every call received so far, failed ones included. */
  calls(): Promise<RecordedCall[]>;
  /** Forgets recorded calls and planned failures; tasks are kept. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The in-process emulator behind the interface the Java server is tested through. */
export class EmulatorUnderTest implements JvmServerUnderTest {
  readonly kind = 'emulator';

  private constructor(
    readonly emulator: JvmEmulator,
    readonly address: string,
  ) {}

  static async start(emulator: JvmEmulator): Promise<EmulatorUnderTest> {
    return new EmulatorUnderTest(emulator, `127.0.0.1:${await emulator.start(0)}`);
  }

  async failNext(count: number, code: status, service?: EmulatedService): Promise<void> {
    this.emulator.failNext(count, code, service);
  }

  async calls(): Promise<RecordedCall[]> {
    return [...this.emulator.calls];
  }

  async reset(): Promise<void> {
    this.emulator.reset();
  }

  stop(): Promise<void> {
    return this.emulator.stop();
  }
}

/** Compiles the Java server when a source or proto is newer than its build (apps/jvm-java/build.sh). */
async function build(): Promise<string> {
  await run('bash', [join(JVM_JAVA, 'build.sh')]);
  return readFileSync(join(JVM_JAVA, 'build', 'classpath'), 'utf8').trim();
}

interface ListeningLine {
  event: 'listening';
  address: string;
  controls: string;
}

/** The Java server (grpc-java on MariaDB) as a real child process, on ports it picks itself and reports. */
export class JavaJvmServer implements JvmServerUnderTest {
  readonly kind = 'java';
  readonly output: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly address: string,
    private readonly controls: string,
  ) {}

  /** Builds if needed, starts the server and waits for the line that says where it listens. */
  static async start(environment: { catalogUrl: string }): Promise<JavaJvmServer> {
    const classpath = await build();
    const testServer = new URL(TEST_MYSQL_URL);
    const child = spawn('java', ['-cp', classpath, 'switchyard.jvm.Main'], {
      env: {
        PATH: process.env.PATH ?? '',
        CALCITE_DATABASE_URL: environment.catalogUrl,
        // For tasks whose addresses carry no credentials, as Switchyard's datasource URLs (mysql://host:port/db).
        SEATUNNEL_DATABASE_USER: decodeURIComponent(testServer.username),
        SEATUNNEL_DATABASE_PASSWORD: decodeURIComponent(testServer.password),
        JVM_JAVA_PORT: '0',
        JVM_JAVA_CONTROL_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const listening = await eventually(
      () => {
        if (child.exitCode !== null) throw new Error(`jvm-java exited: ${output.join('')}`);
        return listeningLine(output.join(''));
      },
      { message: 'jvm-java to listen', timeoutMs: 30_000, intervalMs: 50 },
    );
    const server = new JavaJvmServer(child, listening.address, listening.controls);
    server.output.push(...output);
    child.stdout!.on('data', (chunk: Buffer) => server.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => server.output.push(chunk.toString()));
    return server;
  }

  async failNext(count: number, code: status, service?: EmulatedService): Promise<void> {
    await this.control('POST', '/__jvm/failures', { count, code, service });
  }

  async calls(): Promise<RecordedCall[]> {
    return (await this.control('GET', '/__jvm/calls')) as RecordedCall[];
  }

  async reset(): Promise<void> {
    await this.control('DELETE', '/__jvm/calls');
  }

  /** SIGTERM, as a supervisor stops it; resolves once the process has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }

  private async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`http://${this.controls}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  }
}

function listeningLine(output: string): ListeningLine | undefined {
  // The last piece is a line still being written.
  for (const line of output.split('\n').slice(0, -1)) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as Partial<ListeningLine>;
    if (parsed.event === 'listening' && parsed.address && parsed.controls) return parsed as ListeningLine;
  }
  return undefined;
}

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/**
 * The databases the Java server works on in a test, all private to the run: a catalog ValidateSQL resolves names in
 * (`stock`, `orders`, `customers`), a sync source with 1,200 orders and 800 customers, and an empty sync target.
 */
export class JvmJavaDatabases {
  private lockHolder?: Connection;

  private constructor(
    readonly catalog: TestDatabase,
    readonly source: TestDatabase,
    readonly target: TestDatabase,
  ) {}

  static async create(): Promise<JvmJavaDatabases> {
    const [catalog, source, target] = await Promise.all([
      createTestDatabase('catalog'),
      createTestDatabase('source'),
      createTestDatabase('target'),
    ]);
    const databases = new JvmJavaDatabases(catalog, source, target);
    await databases.query([
      `CREATE TABLE \`${catalog.name}\`.stock (sku INT PRIMARY KEY, quantity INT NOT NULL)`,
      `CREATE TABLE \`${catalog.name}\`.orders (id INT PRIMARY KEY, customer_id INT NOT NULL)`,
      `CREATE TABLE \`${catalog.name}\`.customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)`,
      `CREATE TABLE \`${source.name}\`.orders (id INT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2) NOT NULL)`,
      `CREATE TABLE \`${source.name}\`.customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)`,
      `INSERT INTO \`${source.name}\`.orders SELECT seq, 1 + seq % 800, seq / 100 FROM mysql.seq_1_to_1200`,
      `INSERT INTO \`${source.name}\`.customers SELECT seq, CONCAT('customer ', seq) FROM mysql.seq_1_to_800`,
    ]);
    return databases;
  }

  /** A connection address for a database with a table, as seatunnel.v1 sources and targets name them. */
  tableUrl(database: TestDatabase, table: string): string {
    return `${database.url}.${table}`;
  }

  /** Holds a write lock on the source tables, so a task that reads them waits (RUNNING) until {@link unlock}. */
  async lock(): Promise<void> {
    if (this.lockHolder) throw new Error('the source tables are locked already');
    this.lockHolder = await createConnection({ uri: this.source.url });
    await this.lockHolder.query('LOCK TABLES orders WRITE, customers WRITE');
  }

  async unlock(): Promise<void> {
    const holder = this.lockHolder;
    this.lockHolder = undefined;
    await holder?.end();
  }

  /** Rows of a table in the target, or undefined when the table does not exist. */
  async targetRows(table: string): Promise<number | undefined> {
    const connection = await createConnection({ uri: this.target.url });
    try {
      const [found] = await connection.query(
        'SELECT COUNT(*) AS count FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
        [this.target.name, table],
      );
      if (Number((found as Array<{ count: number }>)[0].count) === 0) return undefined;
      const [rows] = await connection.query(`SELECT COUNT(*) AS count FROM \`${table}\``);
      return Number((rows as Array<{ count: number }>)[0].count);
    } finally {
      await connection.end();
    }
  }

  /** Statements of other sessions reading the source database that wait for a lock (what a held task is doing). */
  async readersWaitingOnSource(): Promise<number> {
    const connection = await createConnection({ uri: this.target.url });
    try {
      const [rows] = await connection.query(
        "SELECT COUNT(*) AS count FROM information_schema.PROCESSLIST WHERE DB = ? AND STATE LIKE 'Waiting for table%lock' AND ID <> CONNECTION_ID()",
        [this.source.name],
      );
      return Number((rows as Array<{ count: number }>)[0].count);
    } finally {
      await connection.end();
    }
  }

  async drop(): Promise<void> {
    await this.unlock();
    await Promise.all([this.catalog.drop(), this.source.drop(), this.target.drop()]);
  }

  private async query(statements: string[]): Promise<void> {
    const connection = await createConnection({ uri: this.catalog.url });
    try {
      for (const statement of statements) await connection.query(statement);
    } finally {
      await connection.end();
    }
  }
}

const START_MS = 1_700_000_000_000;

/** A clock the test moves; the emulator reads it for every task state. */
export class FakeClock {
  nowMs = START_MS;

  readonly read = (): number => this.nowMs;

  advance(milliseconds: number): void {
    this.nowMs += milliseconds;
  }
}

export type ReadTask = (id: string) => Promise<SyncTask>;

/** One server under the shared contract, with what it takes to drive its tasks. */
export interface ContractTarget {
  server: JvmServerUnderTest;
  /** A schema ValidateSQL resolves `stock` in. */
  schema: string;
  /** The server's idea of now (the fake clock for the emulator). */
  now(): number;
  /** A task copying the orders table; every call a new target table, so each copy starts empty. */
  orders(): Partial<SyncTask>;
  /** A task copying orders and customers, 2,000 rows together. */
  twoTables(): { task: Partial<SyncTask>; tableMapping: Record<string, string> };
  /** A task whose source names `will_fail`: a failure marker for the emulator, a missing table for the Java server. */
  failing(): Partial<SyncTask>;
  /** From now on tasks cannot finish (the emulator's clock stands still; the Java server waits on locked source tables). */
  hold(): Promise<void>;
  /** The task once it runs. */
  running(id: string, read: ReadTask): Promise<SyncTask>;
  /** Lets held tasks go on. */
  release(): Promise<void>;
  /** Lets the task go on and answers it once it finished. */
  finished(id: string, read: ReadTask): Promise<SyncTask>;
  /** A second server of the same kind, for stopping. */
  standalone(): Promise<JvmServerUnderTest>;
  afterEach(): Promise<void>;
  close(): Promise<void>;
}

export interface EmulatorTarget extends ContractTarget {
  clock: FakeClock;
}

/** The emulator on a fake clock that only tasks' hold/running/finished move, `taskDurationMs` long per task. */
export async function emulatorTarget(taskDurationMs: number): Promise<EmulatorTarget> {
  const clock = new FakeClock();
  const server = await EmulatorUnderTest.start(new JvmEmulator({ clock: clock.read, taskDurationMs }));
  return {
    server,
    clock,
    schema: 'warehouse',
    now: clock.read,
    orders: () => ({ name: 'orders', source: 'mysql://a/db.orders', target: 'doris://b/dw.orders' }),
    twoTables: () => ({
      task: { name: 'orders', source: 'mysql://a/db', target: 'doris://b/dw' },
      tableMapping: { orders: 'orders', customers: 'customers' },
    }),
    failing: () => ({ name: 'orders', source: 'mysql://a/db.will_fail', target: 'doris://b/dw.orders' }),
    hold: async () => undefined,
    running: (id, read) => {
      clock.advance(taskDurationMs / 2);
      return read(id);
    },
    release: async () => clock.advance(taskDurationMs),
    finished: (id, read) => {
      clock.advance(taskDurationMs);
      return read(id);
    },
    standalone: () => EmulatorUnderTest.start(new JvmEmulator()),
    afterEach: async () => undefined,
    close: () => server.stop(),
  };
}

export interface JavaTarget extends ContractTarget {
  databases: JvmJavaDatabases;
}

/** The Java server on a catalog, a source and a target database of its own. */
export async function javaTarget(): Promise<JavaTarget> {
  const databases = await JvmJavaDatabases.create();
  const server = await JavaJvmServer.start({ catalogUrl: databases.catalog.url });
  let copies = 0;
  const untilFinished = (id: string, read: ReadTask) =>
    eventually(
      async () => {
        const task = await read(id);
        return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(task.status) && task;
      },
      { message: `task ${id} to finish` },
    );
  return {
    server,
    databases,
    schema: databases.catalog.name,
    now: Date.now,
    orders: () => ({
      name: 'orders',
      source: databases.tableUrl(databases.source, 'orders'),
      target: databases.tableUrl(databases.target, `orders_${++copies}`),
    }),
    twoTables: () => {
      copies += 1;
      return {
        task: { name: 'orders', source: databases.source.url, target: databases.target.url },
        tableMapping: { orders: `orders_${copies}`, customers: `customers_${copies}` },
      };
    },
    failing: () => ({
      name: 'orders',
      source: databases.tableUrl(databases.source, 'will_fail'),
      target: databases.tableUrl(databases.target, `orders_${++copies}`),
    }),
    hold: () => databases.lock(),
    running: (id, read) =>
      eventually(async () => {
        const task = await read(id);
        return task.status === 'RUNNING' && task;
      }),
    release: () => databases.unlock(),
    finished: async (id, read) => {
      await databases.unlock();
      return untilFinished(id, read);
    },
    standalone: () => JavaJvmServer.start({ catalogUrl: databases.catalog.url }),
    afterEach: () => databases.unlock(),
    close: async () => {
      await server.stop();
      await databases.drop();
    },
  };
}

/** A target started once, on first use, and closed after every test of the file (call it at the top of a test file). */
export function startedOnce<Target extends ContractTarget>(start: () => Promise<Target>): () => Promise<Target> {
  let started: Promise<Target> | undefined;
  afterAll(async () => {
    if (started) await (await started).close();
  });
  return () => (started ??= start());
}
