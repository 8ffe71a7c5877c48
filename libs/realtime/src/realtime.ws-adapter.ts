import { Logger } from '@nestjs/common';
import { MessageMappingProperties } from '@nestjs/websockets';
import { WsAdapter } from '@nestjs/platform-ws';
import { Observable, isObservable, lastValueFrom } from 'rxjs';
import type { RawData, WebSocket } from 'ws';

/**
 * Nest's ws adapter with one plain `message` listener per client instead of an rxjs pipeline per
 * connection (which dominated the cost of accepting a connection). Handlers still run through the
 * callback Nest builds for them, with their guards, pipes and exception filters; an answer is sent
 * back as one JSON frame, as before.
 */
export class RealtimeWsAdapter extends WsAdapter {
  private readonly messageLogger = new Logger(RealtimeWsAdapter.name);

  /** `maxPayloadBytes`: the largest frame accepted, also before authentication (ws closes with 1009 above it). */
  constructor(
    app?: ConstructorParameters<typeof WsAdapter>[0],
    private readonly limits: { maxPayloadBytes: number } = { maxPayloadBytes: 65_536 },
  ) {
    super(app);
  }

  override create(port: number, options: Parameters<WsAdapter['create']>[1]): ReturnType<WsAdapter['create']> {
    return super.create(port, { ...options, maxPayload: this.limits.maxPayloadBytes });
  }

  override bindMessageHandlers(
    client: WebSocket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    const byEvent = new Map(handlers.map((handler) => [handler.message as unknown, handler]));
    client.on('message', (raw: RawData) => {
      const message = parse(raw);
      const handler = message && byEvent.get(message.event);
      if (!handler) return;
      this.answer(client, handler, message.data, transform).catch((error: unknown) => this.messageLogger.error(error));
    });
  }

  private async answer(
    client: WebSocket,
    handler: MessageMappingProperties,
    data: unknown,
    transform: (data: unknown) => Observable<unknown>,
  ): Promise<void> {
    let result: unknown = await handler.callback(data, handler.message);
    // A handler may answer with a stream; Nest's own transform turns it into the values to send.
    if (isObservable(result)) result = await lastValueFrom(transform(result), { defaultValue: undefined });
    if (result === undefined || result === null || client.readyState !== client.OPEN) return;
    client.send(JSON.stringify(result));
  }
}

/** `{event, data}` frames only; anything else from the client is ignored, as Nest's parser would. */
function parse(raw: RawData): { event: unknown; data: unknown } | undefined {
  try {
    const message = JSON.parse(raw.toString()) as { event?: unknown; data?: unknown } | null;
    return message && typeof message === 'object' ? { event: message.event, data: message.data } : undefined;
  } catch {
    return undefined;
  }
}
