import { JvmEmulator } from './jvm-emulator.server';
import { CALCITE_SERVICE_NAME, SYNC_SERVICE_NAME } from './proto.loader';

const DEFAULT_PORT = 50051;

function portFromEnvironment(): number {
  const value = process.env.JVM_EMULATOR_PORT ?? String(DEFAULT_PORT);
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`JVM_EMULATOR_PORT must be a port number, got ${JSON.stringify(value)}`);
  return port;
}

function log(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), service: 'jvm-emulator', event, ...fields })}\n`);
}

async function bootstrap(): Promise<void> {
  const emulator = new JvmEmulator();
  const port = await emulator.start(portFromEnvironment());
  log('listening', { address: `127.0.0.1:${port}`, services: [CALCITE_SERVICE_NAME, SYNC_SERVICE_NAME] });

  const shutdown = (signal: NodeJS.Signals) => {
    log('stopping', { signal });
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ service: 'jvm-emulator', event: 'failed', message: error instanceof Error ? error.message : String(error) })}\n`,
  );
  process.exit(1);
});
