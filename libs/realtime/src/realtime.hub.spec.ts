import { AuthUser } from '@switchyard/auth';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { RealtimeHub } from './realtime.hub';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: unknown[] = [];
  pings = 0;
  terminated = false;

  send(message: string): void {
    this.sent.push(JSON.parse(message));
  }

  ping(): void {
    this.pings += 1;
  }

  terminate(): void {
    this.terminated = true;
  }

  close(): void {
    this.readyState = 3;
  }
}

const user = (userId: string, tenantId = 't-1'): AuthUser => ({
  userId,
  tenantId,
  username: userId,
  role: 'member',
  sessionId: `s-${userId}`,
});

function createSut(maxTopicsPerClient = 10) {
  const sut = new RealtimeHub({ heartbeatMs: 1_000, maxTopicsPerClient });
  const connect = (who: AuthUser) => {
    const socket = new FakeSocket();
    sut.register(socket as unknown as WebSocket, who);
    return socket;
  };
  return { sut, connect };
}

describe(RealtimeHub.name, () => {
  describe('deliver', () => {
    it('should send to everyone of the tenant, to topic subscribers, or to one user', () => {
      const { sut, connect } = createSut();
      const alice = connect(user('alice'));
      const bob = connect(user('bob'));
      const stranger = connect(user('eve', 't-2'));
      sut.subscribe(bob as unknown as WebSocket, 'space:1');

      sut.deliver({ tenantId: 't-1', target: { kind: 'all' }, event: 'all', data: 1 });
      sut.deliver({ tenantId: 't-1', target: { kind: 'topic', topic: 'space:1' }, event: 'topic', data: 2 });
      sut.deliver({ tenantId: 't-1', target: { kind: 'user', userId: 'alice' }, event: 'direct', data: 3 });

      expect(alice.sent).toEqual([
        { event: 'all', data: 1 },
        { event: 'direct', data: 3 },
      ]);
      expect(bob.sent).toEqual([
        { event: 'all', data: 1 },
        { event: 'topic', data: 2 },
      ]);
      expect(stranger.sent).toEqual([]);
    });

    it('should not deliver a topic of another tenant even to a subscriber of the same name', () => {
      const { sut, connect } = createSut();
      const stranger = connect(user('eve', 't-2'));
      sut.subscribe(stranger as unknown as WebSocket, 'space:1');

      const delivered = sut.deliver({ tenantId: 't-1', target: { kind: 'topic', topic: 'space:1' }, event: 'topic', data: 1 });

      expect(delivered).toBe(0);
    });
  });

  describe('subscribe', () => {
    it('should refuse topics beyond the limit of a connection', () => {
      const { sut, connect } = createSut(2);
      const socket = connect(user('alice')) as unknown as WebSocket;

      const results = ['space:1', 'space:2', 'space:3'].map((topic) => sut.subscribe(socket, topic));

      expect(results).toEqual([true, true, false]);
    });
  });

  describe('heartbeat', () => {
    it('should ping every beat and terminate a client after two missed pongs', () => {
      const { sut, connect } = createSut();
      const silent = connect(user('alice'));
      const lively = connect(user('bob'));
      const beat = () => (sut as unknown as { beat(): void }).beat();

      beat();
      lively.emit('pong');
      beat();
      lively.emit('pong');
      beat();

      expect(silent.terminated).toBe(true);
      expect(lively.terminated).toBe(false);
      expect(sut.size).toBe(1);
    });
  });
});
