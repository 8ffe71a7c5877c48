import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '@switchyard/redis';
import { RealtimeHub } from './realtime.hub';
import { RealtimeEnvelope } from './realtime.message';

const CHANNEL = 'realtime';

/** Every push goes through the event bus, so a broadcast made on one node reaches the clients of all nodes. */
@Injectable()
export class RealtimePublisher implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly hub: RealtimeHub,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bus.subscribe(CHANNEL, (message) => this.hub.deliver(message as RealtimeEnvelope));
  }

  publish(envelope: RealtimeEnvelope): Promise<void> {
    return this.bus.publish(CHANNEL, envelope);
  }
}
