import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { FastifyReply, FastifyRequest } from 'fastify';
import { LoggingConfig } from '../config/logging.config';
import { AccessLog, millisecondsText } from './access-log';
import { requestLogContext } from './request-context';

function createSut(level: LoggingConfig['level'] = 'info') {
  const lines: string[] = [];
  const sut = new AccessLog({ level, format: 'json' }, { stream: { write: (line: string) => lines.push(line) } });
  return { sut, lines };
}

function exchange(url: string, status: number, method = 'GET') {
  const raw = {} as FastifyRequest['raw'];
  const request = {
    id: 'req-1',
    method,
    originalUrl: url,
    raw,
    routeOptions: { url: '/api/v1/spaces/:id', handler: { name: 'bound SpacesController.get' } },
  } as unknown as FastifyRequest;
  const reply = { statusCode: status, elapsedTime: 1.25 } as FastifyReply;
  return { request, reply, raw };
}

describe(millisecondsText.name, () => {
  it.each<[number, string]>([
    [0, '0'],
    [1.25, '1.250'],
    [0.4179999828338623, '0.418'],
    [0.0004, '0'],
    [0.0096, '0.010'],
    [12.9996, '13'],
    [1500.05, '1500.050'],
  ])('should write %p ms as %s, a JSON number to the microsecond', (milliseconds, text) => {
    expect(millisecondsText(milliseconds)).toBe(text);
    expect(JSON.parse(text)).toBeCloseTo(milliseconds, 3);
  });

  it('should keep what is not a duration valid JSON', () => {
    expect([NaN, -1, Infinity].map(millisecondsText)).toEqual(['null', '-1', 'null']);
  });
});

describe(AccessLog.name, () => {
  describe('write', () => {
    it('should write one JSON line with the fields of a pino request line', () => {
      const { sut, lines } = createSut();
      const { request, reply, raw } = exchange('/api/v1/spaces/s-1?verbose=1', 200);
      Object.assign(requestLogContext(raw), { tenantId: 't-1', userId: 'u-1' });

      sut.write(request, reply);

      expect(lines).toHaveLength(1);
      expect(lines[0]!.endsWith('\n')).toBe(true);
      expect(JSON.parse(lines[0]!)).toEqual({
        level: 30,
        time: expect.any(Number),
        pid: process.pid,
        hostname: expect.any(String),
        req: { id: 'req-1', method: 'GET', url: '/api/v1/spaces/s-1' },
        res: { statusCode: 200 },
        durationMs: 1.25,
        requestId: 'req-1',
        method: 'GET',
        path: '/api/v1/spaces/s-1',
        route: '/api/v1/spaces/:id',
        handler: 'SpacesController.get',
        tenantId: 't-1',
        userId: 'u-1',
        msg: 'GET /api/v1/spaces/s-1 200',
      });
    });

    it('should keep the line valid JSON whatever the client put in the path', () => {
      const { sut, lines } = createSut();
      const hostile = '/api/v1/x"},"level":60,"y":"\\\u2028\u0000é';

      sut.write(exchange(hostile, 404).request, exchange(hostile, 404).reply);

      const line = JSON.parse(lines[0]!);
      expect(line).toMatchObject({ level: 40, path: hostile, msg: `GET ${hostile} 404` });
      expect(lines[0]!.split('\n')).toHaveLength(2);
    });

    it.each<[number, number]>([
      [201, 30],
      [404, 40],
      [503, 50],
    ])('should log status %i at level %i', (status, level) => {
      const { sut, lines } = createSut();

      sut.write(exchange('/x', status).request, exchange('/x', status).reply);

      expect(JSON.parse(lines[0]!).level).toBe(level);
    });

    it('should carry the trace and span ids of the active span when tracing is on', () => {
      const manager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(manager);
      const { sut, lines } = createSut();
      const span = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });

      try {
        context.with(trace.setSpan(context.active(), span), () => sut.write(exchange('/x', 200).request, exchange('/x', 200).reply));
      } finally {
        context.disable();
      }

      expect(JSON.parse(lines[0]!)).toMatchObject({
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        span_id: '00f067aa0ba902b7',
        trace_flags: '01',
      });
    });

    it('should leave out what the configured level filters', () => {
      const { sut, lines } = createSut('warn');

      sut.write(exchange('/x', 200).request, exchange('/x', 200).reply);
      sut.write(exchange('/x', 404).request, exchange('/x', 404).reply);

      expect(lines.map((line) => JSON.parse(line).level)).toEqual([40]);
    });
  });
});
