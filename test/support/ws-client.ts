import WebSocket from 'ws';
import { eventually } from './poll';

export interface Received {
  event: string;
  data?: unknown;
}

/** A real WebSocket client that keeps every message, for tests to wait on in order. */
export class TestSocket {
  readonly messages: Received[] = [];
  readonly closed: Promise<number>;
  private consumed = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => this.messages.push(JSON.parse(raw.toString()) as Received));
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  /** `autoPong: false` plays a client that stopped answering heartbeats. */
  static async connect(url: string, options: { token?: string; authorization?: string; autoPong?: boolean } = {}): Promise<TestSocket> {
    const target = options.token ? `${url}?token=${options.token}` : url;
    const socket = new WebSocket(target, {
      headers: options.authorization ? { authorization: options.authorization } : {},
      autoPong: options.autoPong ?? true,
    });
    const client = new TestSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(event: string, data?: unknown): void {
    this.socket.send(JSON.stringify({ event, data }));
  }

  /** The next message not yet consumed, in arrival order. */
  async next(): Promise<Received> {
    const message = await eventually(() => this.messages[this.consumed], { message: 'a WebSocket message' });
    this.consumed += 1;
    return message;
  }

  close(): void {
    this.socket.close();
  }
}
