import { Logger } from '@nestjs/common';
import { MessageMappingProperties } from '@nestjs/websockets';
import { WsAdapter } from '@nestjs/platform-ws';
import { Observable, isObservable, lastValueFrom } from 'rxjs';
import type { RawData, WebSocket } from 'ws';
import { RealtimeErrorCode } from './realtime.errors';
import { WireMessage } from './realtime.message';

/** What became of a message a client sent: handed to its handler, not JSON of the right shape, or an unknown event. */
export type ReceivedOutcome = 'dispatched' | 'invalid' | 'unknown-event';

/**
 * Nest's ws adapter with one plain `message` listener per client instead of an rxjs pipeline per
 * connection (which dominated the cost of accepting a connection). Handlers still run through the
 * callback Nest builds for them, with their guards, pipes and exception filters; an answer is sent
 * back as one JSON frame, as before.
 */
export class RealtimeWsAdapter extends WsAdapter {
  private readonly messageLogger = new Logger(RealtimeWsAdapter.name);

  /**
   * `maxPayloadBytes`: the largest frame accepted, also before authentication (ws closes with 1009 above it).
   * `received`: told of every message a client sends, with what became of it.
   */
  constructor(
    app?: ConstructorParameters<typeof WsAdapter>[0],
    private readonly limits: { maxPayloadBytes: number } = { maxPayloadBytes: 65_536 },
    private readonly received: (outcome: ReceivedOutcome) => void = () => undefined,
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
    const known = [...byEvent.keys()].join(', ');
    client.on('message', (raw: RawData) => {
      const message = parse(raw);
      if (!message) {
        this.received('invalid');
        return reply(client, refusal(RealtimeErrorCode.InvalidMessage, 'A message is one JSON object {"event": string, "data": any}'));
      }
      const handler = byEvent.get(message.event);
      if (!handler) {
        this.received('unknown-event');
        return reply(client, refusal(RealtimeErrorCode.UnknownEvent, `Unknown event; the events are ${known}`));
      }
      this.received('dispatched');
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
    if (result !== undefined && result !== null) reply(client, result);
  }
}

function reply(client: WebSocket, message: unknown): void {
  if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
}

/** A client's mistake is answered in words, in the same shape as every other refusal on the socket. */
function refusal(code: RealtimeErrorCode, message: string): WireMessage {
  return { event: 'error', data: { code, message } };
}

/** `{event, data}` frames only; anything else is refused. */
function parse(raw: RawData): { event: unknown; data: unknown } | undefined {
  try {
    const message = JSON.parse(raw.toString()) as { event?: unknown; data?: unknown } | null;
    if (!message || typeof message !== 'object' || Array.isArray(message) || typeof message.event !== 'string') return undefined;
    return { event: message.event, data: message.data };
  } catch {
    return undefined;
  }
}
