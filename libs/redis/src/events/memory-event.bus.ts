import { Injectable } from '@nestjs/common';
import { EventBus } from './event.bus';

@Injectable()
export class MemoryEventBus extends EventBus {
  private readonly handlers = new Map<string, Array<(message: unknown) => void>>();

  async publish(channel: string, message: unknown): Promise<void> {
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    for (const handler of this.handlers.get(channel) ?? []) queueMicrotask(() => handler(copy));
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<void> {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }
}
