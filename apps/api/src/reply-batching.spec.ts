import Fastify, { FastifyInstance } from 'fastify';
import { connect } from 'node:net';
import { TurnBarrier, batchRepliesPerTurn } from './reply-batching';

describe(TurnBarrier.name, () => {
  describe('next', () => {
    it('should settle once, in the scheduled callback, for everyone who waited in the turn, in order', async () => {
      const scheduled: Array<() => void> = [];
      const sut = new TurnBarrier((release) => scheduled.push(release));
      const settled: string[] = [];

      const waits = ['first', 'second', 'third'].map((name) => sut.next().then(() => settled.push(name)));
      await Promise.resolve();
      const settledBeforeRelease = [...settled];
      scheduled[0]();
      await Promise.all(waits);

      expect(scheduled).toHaveLength(1);
      expect(settledBeforeRelease).toEqual([]);
      expect(settled).toEqual(['first', 'second', 'third']);
    });

    it('should make a wait that begins after the release wait for the next turn', () => {
      const scheduled: Array<() => void> = [];
      const sut = new TurnBarrier((release) => scheduled.push(release));

      const first = sut.next();
      scheduled[0]();
      const second = sut.next();

      expect(second).not.toBe(first);
      expect(scheduled).toHaveLength(2);
    });
  });
});

describe(batchRepliesPerTurn.name, () => {
  let fastify: FastifyInstance;
  let events: string[];

  beforeEach(() => {
    fastify = Fastify();
    events = [];
    fastify.addHook('onSend', (request, _reply, payload, done) => {
      events.push(`sent ${request.url}`);
      done(null, typeof payload === 'string' ? `${payload} (seen by an earlier hook)` : payload);
    });
    fastify.addHook('onResponse', (request, _reply, done) => {
      events.push(`written ${request.url}`);
      done();
    });
    fastify.get('/now/:name', (request, reply) => {
      void reply.send(`answer ${(request.params as { name: string }).name}`);
    });
    fastify.get('/later', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return 'answer later';
    });
    batchRepliesPerTurn(fastify);
  });

  afterEach(() => fastify.close());

  it('should write the replies sent in one turn after all of them were sent, in order', async () => {
    const replies = await Promise.all([fastify.inject('/now/a'), fastify.inject('/now/b')]);

    expect(replies.map((reply) => reply.body)).toEqual(['answer a (seen by an earlier hook)', 'answer b (seen by an earlier hook)']);
    expect(events).toEqual(['sent /now/a', 'sent /now/b', 'written /now/a', 'written /now/b']);
  });

  it('should answer pipelined requests on one connection in the order they came, whichever is ready first', async () => {
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastify.server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));

    socket.write('GET /later HTTP/1.1\r\nHost: test\r\n\r\nGET /now/c HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    await closed;

    const bodies = received
      .split('\r\n\r\n')
      .slice(1)
      .map((part) => part.split('HTTP/1.1')[0]);
    expect(bodies).toEqual(['answer later (seen by an earlier hook)', 'answer c (seen by an earlier hook)']);
  });
});
