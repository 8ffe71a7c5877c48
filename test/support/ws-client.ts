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
  /** The close code and reason the server (or the protocol) gave. */
  readonly closedWith: Promise<{ code: number; reason: string }>;
  private consumed = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => this.messages.push(JSON.parse(raw.toString()) as Received));
    this.closedWith = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.closed = this.closedWith.then(({ code }) => code);
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

  /** Plays a client that stops reading: what the server sends piles up in the network and then in its own buffer. */
  stopReading(): void {
    (this.socket as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resumeReading(): void {
    (this.socket as unknown as { _socket: { resume(): void } })._socket.resume();
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
