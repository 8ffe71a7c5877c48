import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body bytes exactly as they arrived (what legacy digests to check the identity signature). */
  rawBody: Buffer;
}

export interface LegacyAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Written as is instead of `body`: `first` with the headers, `rest` when it settles (an answer legacy is still writing). */
  parts?: { first: string; rest: Promise<string> };
}
/** Answers at once, or when its promise settles (a slow legacy, held by a test's gate). */
export type LegacyHandler = (request: ReceivedRequest) => LegacyAnswer | Promise<LegacyAnswer>;

/** The legacy Java backend's stand-in: a real HTTP server that records what reaches it and answers as told. */
export class LegacyStandIn {
  readonly received: ReceivedRequest[] = [];
  /** Requests whose caller closed the connection before this stand-in answered (or before their body ended). */
  abandoned = 0;
  handler: LegacyHandler = (request) => ({ body: { servedBy: 'legacy', method: request.method, url: request.url } });
  private server?: Server;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      response.once('close', () => {
        if (!response.writableFinished) this.abandoned += 1;
      });
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks);
        const received = {
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: rawBody.toString('utf8'),
          rawBody,
        };
        this.received.push(received);
        const send = (answer: LegacyAnswer): void => {
          if (response.destroyed) return;
          response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
          if (!answer.parts) return void response.end(JSON.stringify(answer.body ?? {}));
          response.write(answer.parts.first);
          answer.parts.rest.then(
            (rest) => response.end(rest),
            () => response.destroy(),
          );
        };
        Promise.resolve()
          .then(() => this.handler(received))
          .then(send, (error: unknown) => send({ status: 500, body: { error: String(error) } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  last(predicate: (request: ReceivedRequest) => boolean = () => true): ReceivedRequest | undefined {
    return [...this.received].reverse().find(predicate);
  }
}
