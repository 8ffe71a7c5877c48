import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../support/databases';
import { callPlatform } from '../support/grpc-clients';
import { LegacyStandIn } from '../support/legacy-stand-in';
import { OtlpReceiver, ReceivedSpan } from '../support/otlp-receiver';
import { eventually } from '../support/poll';
import { ServerProcess } from '../support/server-process';
import { TEST_SECRETS } from '../support/test-environment';

const SERVER_KIND = 2;
const newTraceId = () => randomBytes(16).toString('hex');
const traceparentOf = (traceId: string) => `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
// The mysql2 instrumentation follows the newer semantic conventions (db.system.name); older ones say db.system.
const isMysqlSpan = (span: ReceivedSpan) => (span.attributes['db.system.name'] ?? span.attributes['db.system']) === 'mysql';

// Each server here is a fresh process compiling the app with ts-node: slower to start than the in-process ones.
jest.setTimeout(90_000);

describe('OpenTelemetry tracing (preloaded, exported over OTLP)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let legacy: LegacyStandIn;
  let receiver: OtlpReceiver;
  let server: ServerProcess;

  beforeAll(async () => {
    [database, legacy, receiver] = await Promise.all([
      createTestDatabase('tracing'),
      new LegacyStandIn().start(),
      new OtlpReceiver().start(),
    ]);
    server = await ServerProcess.start({
      DATABASE_URL: database.url,
      LEGACY_BASE_URL: legacy.url,
      // The protocol left to its default, http/protobuf: spans encoded as they end, sent from the export thread.
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      BOOTSTRAP_TENANT: 'acme',
      BOOTSTRAP_ADMIN_USER: 'owner',
      BOOTSTRAP_ADMIN_PASSWORD: 'acme-owner-password',
    });
  });

  /** A traced server of its own (the legacy stand-in, an embedded database), exporting to the receiver. */
  const startTracedServer = (name: string, environment: Record<string, string>) =>
    ServerProcess.start({
      LEGACY_BASE_URL: legacy.url,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
      DATABASE_SQLITE_PATH: `/tmp/swy-traced-${name}-${process.pid}.sqlite`,
      ...environment,
    });

  afterAll(async () => {
    await server?.stop();
    await Promise.all([legacy.stop(), receiver.stop()]);
    await database.drop();
  });

  it('should continue an incoming trace with a server span and database child spans', async () => {
    const traceId = newTraceId();
    const traceparent = traceparentOf(traceId);

    const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: JSON.stringify({ tenant: 'acme', username: 'owner', password: 'acme-owner-password' }),
    });

    expect(response.status).toBe(200);
    const spans = await eventually(
      () => {
        const ofTrace = receiver.ofTrace(traceId);
        return ofTrace.some((span) => span.kind === SERVER_KIND) && ofTrace.some(isMysqlSpan) ? ofTrace : undefined;
      },
      { message: 'the server and database spans to be exported' },
    );
    const serverSpan = spans.find((span) => span.kind === SERVER_KIND)!;
    const databaseSpans = spans.filter(isMysqlSpan);
    const ancestorsOf = (span: { parentSpanId?: string }): string[] => {
      const parent = spans.find((candidate) => candidate.spanId === span.parentSpanId);
      return parent ? [parent.spanId, ...ancestorsOf(parent)] : [];
    };
    expect(databaseSpans.length).toBeGreaterThan(0);
    expect(databaseSpans.every((span) => ancestorsOf(span).includes(serverSpan.spanId))).toBe(true);
    // One server span for the request, named after the route template, child of the caller's span;
    // no second server span from the http instrumentation, no span per Fastify hook or Nest handler.
    expect(spans.filter((span) => span.kind === SERVER_KIND)).toHaveLength(1);
    expect(serverSpan.name).toBe('POST /api/v1/auth/login');
    expect(serverSpan.parentSpanId).toBe(traceparent.split('-')[2]);
    // The server span (switchyard-http) and the mysql2 spans each under their own scope, sent as protobuf.
    expect(new Set(spans.map((span) => span.scope)).size).toBeGreaterThan(1);
    expect(receiver.encodings).toContain('protobuf');
    expect(spans.filter((span) => /^(onRequest|preParsing|preValidation|preHandler|onSend|onResponse|handler) /.test(span.name))).toEqual(
      [],
    );
  });

  it('should forward the trace to legacy in the traceparent of the proxied call', async () => {
    const traceId = newTraceId();

    const response = await fetch(`${server.baseUrl}/api/v1/reports/daily`, {
      headers: { traceparent: traceparentOf(traceId), 'x-request-id': 'traced-1' },
    });

    expect(response.headers.get('x-served-by')).toBe('legacy');
    const received = legacy.last((request) => request.headers['x-request-id'] === 'traced-1')!;
    expect(received.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const clientSpan = await eventually(
      () => receiver.ofTrace(traceId).find((span) => span.spanId === String(received.headers.traceparent).split('-')[2]),
      {
        message: 'the client span of the legacy call to be exported',
      },
    );
    expect(clientSpan.attributes['url.full'] ?? clientSpan.attributes['http.url']).toContain('/api/v1/reports/daily');
  });

  it('should continue an incoming trace in a platform gRPC call, its server span naming the Nest handler', async () => {
    const traceId = newTraceId();

    const { response } = await callPlatform(
      server.grpcPort,
      'VerifyToken',
      { accessToken: 'not-a-token' },
      { 'x-internal-token': TEST_SECRETS.PLATFORM_INTERNAL_TOKEN!, traceparent: traceparentOf(traceId) },
    );

    expect(response).toEqual({ valid: false, userId: '', tenantId: '', role: '' });
    const serverSpan = await eventually(() => receiver.ofTrace(traceId).find((span) => span.kind === SERVER_KIND), {
      message: 'the gRPC server span to be exported',
    });
    expect(serverSpan.name).toBe('grpc.platform.v1.PlatformService/VerifyToken');
    expect(serverSpan.attributes['code.function.name']).toBe('PlatformGrpcController.verifyToken');
  });

  it('should export the spans it still holds when it shuts down, then exit 0', async () => {
    // Batches leave only every minute here: the span of this request can reach the receiver only by the shutdown flush.
    const slow = await startTracedServer('shutdown', { OTEL_BSP_SCHEDULE_DELAY: '60000' });
    const traceId = newTraceId();

    await fetch(`${slow.baseUrl}/api/v1/reports/daily`, { headers: { traceparent: traceparentOf(traceId) } });
    const exportedBeforeStop = receiver.ofTrace(traceId).some((span) => span.kind === SERVER_KIND);
    const exitCode = await slow.stop();

    expect(exportedBeforeStop).toBe(false);
    expect(exitCode).toBe(0);
    // No route of Switchyard's served it (the gateway forwarded it): named by its method alone, as the HTTP conventions say.
    expect(receiver.ofTrace(traceId).find((span) => span.kind === SERVER_KIND)).toEqual(
      expect.objectContaining({ name: 'GET', attributes: expect.objectContaining({ 'url.path': '/api/v1/reports/daily' }) }),
    );
  });

  it('should export over OTLP/HTTP with JSON when the protocol asks for it', async () => {
    const json = await startTracedServer('json', { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' });
    const traceId = newTraceId();
    const jsonRequestsBefore = receiver.encodings.filter((encoding) => encoding === 'json').length;

    await fetch(`${json.baseUrl}/api/v1/reports/daily`, { headers: { traceparent: traceparentOf(traceId) } });
    const serverSpan = await eventually(() => receiver.ofTrace(traceId).find((span) => span.kind === SERVER_KIND), {
      message: 'the server span to be exported as JSON',
    });
    await json.stop();

    expect(serverSpan).toEqual(expect.objectContaining({ name: 'GET', scope: 'switchyard-http' }));
    expect(receiver.encodings.filter((encoding) => encoding === 'json').length).toBeGreaterThan(jsonRequestsBefore);
  });

  it('should start without tracing when OTEL_SDK_DISABLED=true and still pass the incoming traceparent on', async () => {
    const untraced = await ServerProcess.start({
      LEGACY_BASE_URL: legacy.url,
      OTEL_SDK_DISABLED: 'true',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
      DATABASE_SQLITE_PATH: `/tmp/swy-untraced-${process.pid}.sqlite`,
    });
    const traceparent = traceparentOf(newTraceId());

    await fetch(`${untraced.baseUrl}/api/v1/reports/daily`, { headers: { traceparent, 'x-request-id': 'untraced-1' } });
    const exitCode = await untraced.stop();

    expect(legacy.last((request) => request.headers['x-request-id'] === 'untraced-1')?.headers.traceparent).toBe(traceparent);
    expect(exitCode).toBe(0);
  });
});
