import { MessageMappingProperties } from '@nestjs/websockets';
import { EventEmitter } from 'node:events';
import { Observable, from, of } from 'rxjs';
import type { WebSocket } from 'ws';
import { RealtimeWsAdapter } from './realtime.ws-adapter';

class FakeClient extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: unknown[] = [];

  send(frame: string): void {
    this.sent.push(JSON.parse(frame));
  }
}

const handler = (message: string, callback: MessageMappingProperties['callback']): MessageMappingProperties => ({
  message,
  methodName: message,
  callback,
  isAckHandledManually: false,
});

function createSut(handlers: MessageMappingProperties[]) {
  const sut = new RealtimeWsAdapter();
  const client = new FakeClient();
  sut.bindMessageHandlers(client as unknown as WebSocket, handlers, (data) => from(data as Observable<unknown>));
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { client, settle };
}

describe(RealtimeWsAdapter.name, () => {
  describe('bindMessageHandlers', () => {
    it('should call the handler of the event with its data and send the answer back', async () => {
      const calls: unknown[] = [];
      const { client, settle } = createSut([handler('ping', async (data) => (calls.push(data), { event: 'pong' }))]);

      client.emit('message', Buffer.from('{"event":"ping","data":{"n":1}}'));
      await settle();

      expect(calls).toEqual([{ n: 1 }]);
      expect(client.sent).toEqual([{ event: 'pong' }]);
    });

    it('should send the last value of a handler that answers with a stream', async () => {
      const { client, settle } = createSut([handler('count', async () => of({ event: 'one' }, { event: 'two' }))]);

      client.emit('message', Buffer.from('{"event":"count"}'));
      await settle();

      expect(client.sent).toEqual([{ event: 'two' }]);
    });

    it.each([
      ['not JSON', 'hello', 'INVALID_MESSAGE'],
      ['JSON that is not an object', '42', 'INVALID_MESSAGE'],
      ['an array', '[{"event":"ping"}]', 'INVALID_MESSAGE'],
      ['an event that is not a string', '{"event":{"name":"ping"}}', 'INVALID_MESSAGE'],
      ['an unknown event', '{"event":"nope"}', 'UNKNOWN_EVENT'],
    ])('should answer %s with an error in words and keep serving the connection', async (_, frame, code) => {
      const { client, settle } = createSut([handler('ping', async () => ({ event: 'pong' }))]);

      client.emit('message', Buffer.from(frame));
      client.emit('message', Buffer.from('{"event":"ping"}'));
      await settle();

      expect(client.sent).toEqual([{ event: 'error', data: { code, message: expect.any(String) } }, { event: 'pong' }]);
    });

    it('should send nothing when the handler has no answer or the socket has closed', async () => {
      const { client, settle } = createSut([handler('quiet', async () => undefined), handler('late', async () => ({ event: 'late' }))]);

      client.emit('message', Buffer.from('{"event":"quiet"}'));
      client.readyState = 3;
      client.emit('message', Buffer.from('{"event":"late"}'));
      await settle();

      expect(client.sent).toEqual([]);
    });

    it('should survive a handler that fails', async () => {
      const { client, settle } = createSut([
        handler('boom', async () => {
          throw new Error('handler bug');
        }),
        handler('ping', async () => ({ event: 'pong' })),
      ]);

      client.emit('message', Buffer.from('{"event":"boom"}'));
      client.emit('message', Buffer.from('{"event":"ping"}'));
      await settle();

      expect(client.sent).toEqual([{ event: 'pong' }]);
    });
  });
});
