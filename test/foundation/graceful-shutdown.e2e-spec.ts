import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installGracefulShutdown } from '../../apps/api/src/graceful-shutdown';
import { closeSilentConnectionsOnClose } from '../../apps/api/src/silent-connections';
import { RunningApp, startApp, startEmbeddedApp } from '../support/app-harness';
import { eventually } from '../support/poll';
import { Gate, ProbeModule, probeGate } from '../support/probe.module';

describe(installGracefulShutdown.name, () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-shutdown-'));
  let running: RunningApp;
  const signals = new EventEmitter();
  const exits: number[] = [];
  const logged: string[] = [];
  const logger = {
    log: (message: string) => logged.push(message),
    error: (message: string) => logged.push(message),
    warn: (message: string) => logged.push(message),
  };

  beforeAll(async () => {
    running = await startApp(
      { DATABASE_URL: undefined, REDIS_URL: undefined, DATABASE_SQLITE_PATH: join(directory, 'db.sqlite') },
      { imports: [ProbeModule] },
    );
    installGracefulShutdown(running.app, {
      graceMs: 10_000,
      logger,
      signals: signals as unknown as NodeJS.Process,
      exit: (code) => exits.push(code),
    });
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('should finish an in-flight request, refuse new ones, then exit 0', async () => {
    probeGate.current = new Gate();
    const inFlight = fetch(`${running.baseUrl}/api/v1/probe/held`);
    await eventually(() => probeGate.current.entered, { message: 'the request to reach the handler' });

    signals.emit('SIGTERM');
    // A fresh connection is refused; one kept alive from before gets Fastify's 503 while closing.
    await eventually(
      () =>
        fetch(`${running.baseUrl}/health/live`).then(
          (response) => response.status === 503,
          () => true,
        ),
      { message: 'new requests to be turned away' },
    );
    probeGate.current.open();
    const response = await inFlight;

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await eventually(() => exits.length > 0, { message: 'the exit call' });
    expect(exits).toEqual([0]);
    expect(logged).toEqual(['Received SIGTERM: draining in-flight requests for up to 10000 ms', 'Shutdown complete']);
  });
});

describe(closeSilentConnectionsOnClose.name, () => {
  it('should close a connection that never sent a byte when the app closes, instead of waiting for its client', async () => {
    const running = await startEmbeddedApp();
    const server = running.app.getHttpServer() as Server;
    const socket = connect(Number(new URL(running.baseUrl).port), '127.0.0.1');
    await once(socket, 'connect');
    await eventually(() => new Promise<boolean>((resolve) => server.getConnections((_error, count) => resolve(count === 1))), {
      message: 'the server to accept the connection',
    });
    const closed = once(socket, 'close');

    await running.close();

    await closed;
    expect(socket.bytesWritten).toBe(0);
  });
});
