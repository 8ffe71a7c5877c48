import { MetricsRegistry } from '@switchyard/observability';
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
  bufferedAmount = 0;
  closedWith?: { code: number; reason: string };

  send(message: string): void {
    this.sent.push(JSON.parse(message));
  }

  ping(): void {
    this.pings += 1;
  }

  terminate(): void {
    this.terminated = true;
  }

  close(code: number, reason: string): void {
    this.readyState = 3;
    this.closedWith = { code, reason };
  }
}

const user = (userId: string, tenantId = 't-1', tokenExpiresAt?: number): AuthUser => ({
  userId,
  tenantId,
  username: userId,
  role: 'member',
  sessionId: `s-${userId}`,
  tokenExpiresAt,
});

function createSut(maxTopicsPerClient = 10) {
  const sut = new RealtimeHub(
    { heartbeatMs: 1_000, maxTopicsPerClient, maxPayloadBytes: 65_536, maxBufferedBytes: 100_000 },
    new MetricsRegistry(),
  );
  const connect = (who: AuthUser) => {
    const socket = new FakeSocket();
    sut.register(socket as unknown as WebSocket, who);
    return socket;
  };
  return { sut, connect };
}

describe(RealtimeHub.name, () => {
  describe('closeSessions', () => {
    it('should close every socket of the ended sessions with 4401 and deliver nothing more to them', () => {
      const { sut, connect } = createSut();
      const phone = connect(user('alice'));
      const laptop = connect(user('alice'));
      const bob = connect(user('bob'));

      const closed = sut.closeSessions(['s-alice'], 'session ended');
      sut.deliver({ tenantId: 't-1', target: { kind: 'all' }, event: 'after', data: 1 });

      expect(closed).toBe(2);
      expect([phone.closedWith, laptop.closedWith]).toEqual([
        { code: 4401, reason: 'session ended' },
        { code: 4401, reason: 'session ended' },
      ]);
      expect([phone.sent, bob.sent]).toEqual([[], [{ event: 'after', data: 1 }]]);
    });
  });

  describe('closeExpired', () => {
    it('should close the sockets whose token has expired, and only those', () => {
      const { sut, connect } = createSut();
      const expired = connect(user('alice', 't-1', 1_000));
      const valid = connect(user('bob', 't-1', 5_000));

      const closed = sut.closeExpired(2_000);

      expect(closed).toBe(1);
      expect(expired.closedWith).toEqual({ code: 4401, reason: 'token expired' });
      expect(valid.closedWith).toBeUndefined();
    });
  });

  describe('deliver to a slow consumer', () => {
    it('should close a client whose unread backlog would pass the limit, with 4408, and keep serving the others', () => {
      const { sut, connect } = createSut();
      const slow = connect(user('alice'));
      const fast = connect(user('bob'));
      slow.bufferedAmount = 99_990;

      const delivered = sut.deliver({ tenantId: 't-1', target: { kind: 'all' }, event: 'news', data: 'x'.repeat(100) });

      expect(delivered).toBe(1);
      expect(slow.closedWith).toEqual({ code: 4408, reason: 'slow consumer: messages were not being read' });
      expect(fast.sent).toHaveLength(1);
      expect(sut.size).toBe(1);
    });
  });

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

    it('should deliver an admin topic to its subscribers of any tenant and to no one else', () => {
      const { sut, connect } = createSut();
      const platformAdmin = connect(user('ada', 't-platform'));
      const other = connect(user('bob', 't-1'));
      sut.subscribe(platformAdmin as unknown as WebSocket, 'admin:routing');

      const delivered = sut.deliver({
        tenantId: '*',
        target: { kind: 'admin', topic: 'admin:routing' },
        event: 'routing.figures',
        data: 1,
      });

      expect(delivered).toBe(1);
      expect(platformAdmin.sent).toEqual([{ event: 'routing.figures', data: 1 }]);
      expect(other.sent).toEqual([]);
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
