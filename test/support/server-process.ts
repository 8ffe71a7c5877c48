import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from './ports';
import { join } from 'node:path';
import { eventually } from './poll';
import { TEST_SECRETS } from './test-environment';

const ROOT = join(__dirname, '..', '..');

/**
 * The real entry point in its own process, with tracing preloaded as in production
 * (`--require tracing`), for what only works outside Jest's module system.
 */
export class ServerProcess {
  readonly output: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    /** Where the platform gRPC server listens (unless the environment given sets GRPC_PORT or turns it off). */
    readonly grpcPort: number,
  ) {}

  static async start(environment: Record<string, string>): Promise<ServerProcess> {
    // A caller that needs the node back on the same address (a restart behind a load balancer) passes PORT.
    const port = environment.PORT ? Number(environment.PORT) : await freePort();
    // Chosen here like the HTTP port: a process started apart cannot hand back the port GRPC_PORT=0 picked.
    const grpcPort = await freePort();
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-r', './apps/api/src/tracing.ts', 'apps/api/src/main.ts'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          TS_NODE_PROJECT: 'tsconfig.json',
          HOST: '127.0.0.1',
          PORT: String(port),
          GRPC_PORT: String(grpcPort),
          LOG_LEVEL: 'warn',
          ...TEST_SECRETS,
          ...environment,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`, grpcPort);
    child.stdout!.on('data', (chunk: Buffer) => server.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => server.output.push(chunk.toString()));
    try {
      await eventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`server exited: ${server.output.join('')}`);
          return (await fetch(`${server.baseUrl}/health/live`).catch(() => undefined))?.status === 200;
        },
        { message: 'the server process to serve', timeoutMs: 60_000, intervalMs: 200 },
      );
    } catch (error) {
      // Nobody else holds the process: left running, it would outlive the test run.
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${server.output.join('').slice(-4000)}`, { cause: error });
    }
    return server;
  }

  /** The JSON lines the process wrote so far (other output is left out). */
  jsonLines(): Array<Record<string, unknown>> {
    return this.output
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Null while the process runs; how it ended otherwise (a signal's name when a signal ended it). */
  get exit(): number | string | null {
    return this.child.exitCode ?? this.child.signalCode;
  }

  /** Sends a signal without waiting (stop() sends SIGTERM and waits for the exit code). */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill('SIGTERM');
    return exited;
  }
}
