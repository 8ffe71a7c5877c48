import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, serveApp } from '../../apps/api/src/app.factory';
import { AppModuleOptions } from '../../apps/api/src/app.module';
import { TEST_SECRETS } from './test-environment';

export type LogLine = Record<string, unknown> & { level: number; msg?: string };

/** A pino destination that keeps every JSON line, so tests can assert on what was logged. */
export class LogCapture {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];

  write(chunk: string): void {
    for (const line of chunk.split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as LogLine);
    }
  }

  find(predicate: (line: LogLine) => boolean): LogLine | undefined {
    return this.lines.find(predicate);
  }
}

export interface RunningApp {
  app: NestFastifyApplication;
  baseUrl: string;
  logs: LogCapture;
  close(): Promise<void>;
}

/** Boots the real app (same factory as main.ts) on a random port with the given environment. */
export async function startApp(
  environment: Record<string, string | undefined>,
  options: Omit<AppModuleOptions, 'logDestination'> = {},
): Promise<RunningApp> {
  for (const [key, value] of Object.entries({ ...TEST_SECRETS, ...environment })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const logs = new LogCapture();
  const { app } = await createApp({ ...options, logDestination: logs });
  await serveApp(app, { port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, logs, close: () => app.close() };
}

/** The embedded profile (SQLite in a temporary folder, in-process stores); close() also removes the folder. */
export async function startEmbeddedApp(
  environment: Record<string, string | undefined> = {},
  options: Omit<AppModuleOptions, 'logDestination'> = {},
): Promise<RunningApp> {
  const directory = mkdtempSync(join(tmpdir(), 'swy-embedded-'));
  let running: RunningApp;
  try {
    running = await startApp(
      { DATABASE_URL: undefined, REDIS_URL: undefined, DATABASE_SQLITE_PATH: join(directory, 'db.sqlite'), ...environment },
      options,
    );
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    ...running,
    close: async () => {
      await running.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
