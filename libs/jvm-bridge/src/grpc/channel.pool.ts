import { ChannelCredentials, ChannelOptions, Client, credentials } from '@grpc/grpc-js';

export type ClientConstructor<TClient extends Client> = new (
  address: string,
  channelCredentials: ChannelCredentials,
  options?: ChannelOptions,
) => TClient;

/**
 * N clients to one service, handed out round-robin. grpc-js shares one connection per target across
 * channels with equal options, so each channel gets its own subchannel pool: N real connections.
 */
export class ChannelPool<TClient extends Client> {
  private readonly clients: TClient[];
  private next = 0;

  constructor(Constructor: ClientConstructor<TClient>, address: string, size: number, keepaliveMs: number) {
    this.clients = Array.from(
      { length: size },
      () =>
        new Constructor(address, credentials.createInsecure(), {
          'grpc.use_local_subchannel_pool': 1,
          'grpc.keepalive_time_ms': keepaliveMs,
          'grpc.keepalive_timeout_ms': Math.min(keepaliveMs, 10_000),
          'grpc.keepalive_permit_without_calls': 1,
        }),
    );
  }

  get size(): number {
    return this.clients.length;
  }

  pick(): TClient {
    const client = this.clients[this.next % this.clients.length]!;
    this.next += 1;
    return client;
  }

  /** Resolves when one channel is connected, or rejects at the deadline (readiness). */
  waitForReady(deadlineMs: number): Promise<void> {
    const client = this.pick();
    return new Promise((resolve, reject) => client.waitForReady(Date.now() + deadlineMs, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}
