import { status } from '@grpc/grpc-js';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { Clock } from '@switchyard/common';
import { MetricsRegistry } from '@switchyard/observability';
import { emulatorTarget, javaTarget, startedOnce } from '../../../test/support/jvm-java';
import type { ContractTarget } from '../../../test/support/jvm-java';
import { CalciteClient } from '../src/calcite.client';
import { JvmConfig } from '../src/config/jvm.config';
import { JvmMetrics } from '../src/grpc/jvm.metrics';
import { SeaTunnelClient } from '../src/seatunnel.client';

const settings = (address: string, overrides: Partial<JvmConfig> = {}): JvmConfig => ({
  calciteAddress: address,
  seatunnelAddress: address,
  poolSize: 3,
  deadlineMs: 2_000,
  retryAttempts: 2,
  breakerFailures: 2,
  breakerCooldownMs: 60_000,
  keepaliveMs: 30_000,
  ...overrides,
});

// The same bridge behaviour against the Node emulator and the Java server (apps/jvm-java), each a real gRPC server on a socket.
const targets: Array<[string, () => Promise<ContractTarget>]> = [
  ['the Node emulator', startedOnce(() => emulatorTarget(2_000))],
  ['the Java server (grpc-java on MariaDB)', startedOnce(javaTarget)],
];

describe.each(targets)('JVM clients against %s (real gRPC over a socket)', (_name, start) => {
  let target: ContractTarget;
  let address: string;
  const clients: Array<{ onApplicationShutdown(): void }> = [];
  const metrics = new JvmMetrics(new MetricsRegistry());
  const calcite = (overrides: Partial<JvmConfig> = {}) => {
    const client = new CalciteClient(settings(address, overrides), new Clock(), metrics);
    clients.push(client);
    return client;
  };
  const calls = () => target.server.calls();
  const callsTo = async (service: string) => (await calls()).filter((call) => call.service === service).length;

  beforeAll(async () => {
    target = await start();
    address = target.server.address;
  });

  afterEach(() => target.afterEach());

  afterAll(() => {
    for (const client of clients) client.onApplicationShutdown();
  });

  it('should spread calls across the connections of the pool', async () => {
    const client = calcite();
    const before = (await calls()).length;

    for (let call = 0; call < 6; call += 1) await client.validate('SELECT 1');

    const peers = new Set((await calls()).slice(before).map((call) => call.peer));
    expect(peers.size).toBe(3);
  });

  it('should retry UNAVAILABLE and answer once the service is back', async () => {
    const client = calcite();
    await target.server.failNext(2, status.UNAVAILABLE, 'calcite');
    const before = await callsTo('calcite');

    // A table the Java server's catalog has: it resolves names for real.
    const analysis = await client.validate('SELECT name FROM customers');

    expect(analysis).toMatchObject({ valid: true, statementType: 'SELECT', tables: ['customers'] });
    expect((await callsTo('calcite')) - before).toBe(3);
  });

  it('should not retry INVALID_ARGUMENT, and answer it as a 400', async () => {
    const client = calcite();
    await target.server.failNext(1, status.INVALID_ARGUMENT, 'calcite');
    const before = await callsTo('calcite');

    const failure = client.validate('SELECT 1');

    await expect(failure).rejects.toMatchObject({ status: 400, code: 'JVM_INVALID_ARGUMENT' });
    expect((await callsTo('calcite')) - before).toBe(1);
  });

  it('should open the breaker after repeated failures and stop calling the service', async () => {
    const client = calcite({ retryAttempts: 0, breakerFailures: 2 });
    await target.server.failNext(2, status.UNAVAILABLE, 'calcite');
    await expect(client.validate('SELECT 1')).rejects.toMatchObject({ status: 503 });
    await expect(client.validate('SELECT 1')).rejects.toMatchObject({ status: 503 });
    const before = await callsTo('calcite');

    const whileOpen = client.validate('SELECT 1');

    await expect(whileOpen).rejects.toMatchObject({ status: 503, details: { dependency: 'calcite' } });
    expect(await callsTo('calcite')).toBe(before);
    expect(client.breaker.state).toBe('open');
  });

  it("should take a caller's mistake as a sign of life, not as a failure towards the breaker", async () => {
    const client = calcite({ retryAttempts: 0, breakerFailures: 2 });
    await target.server.failNext(1, status.UNAVAILABLE, 'calcite');
    await target.server.failNext(1, status.INVALID_ARGUMENT, 'calcite');
    await target.server.failNext(1, status.UNAVAILABLE, 'calcite');

    await expect(client.validate('SELECT 1')).rejects.toMatchObject({ status: 503 });
    await expect(client.validate('SELECT 1')).rejects.toMatchObject({ status: 400 });
    await expect(client.validate('SELECT 1')).rejects.toMatchObject({ status: 503 });

    expect(client.breaker.state).toBe('closed');
  });

  it('should carry the active trace context to the JVM service in the call metadata', async () => {
    // What the preloaded SDK registers in production (apps/api/src/tracing.ts).
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const client = calcite();
    const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };

    await context.with(trace.setSpanContext(context.active(), spanContext), () => client.validate('SELECT 1 FROM traced'));

    const received = (await calls()).at(-1)!;
    expect(received.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    propagation.disable();
    context.disable();
  });

  it('should count calls by outcome and time them for /metrics', async () => {
    const values = (await metrics.calls.get()).values;
    const timed = (await metrics.duration.get()).values.find(
      (value) => value.metricName === 'switchyard_jvm_call_duration_seconds_count' && value.labels.service === 'calcite',
    );
    const count = (outcome: string) =>
      values
        .filter((value) => value.labels.service === 'calcite' && value.labels.outcome === outcome)
        .reduce((sum, value) => sum + value.value, 0);

    expect(count('ok')).toBeGreaterThan(0);
    expect(count('retried')).toBeGreaterThanOrEqual(2);
    expect(count('failed')).toBeGreaterThanOrEqual(3);
    expect(count('circuit-open')).toBeGreaterThanOrEqual(1);
    expect(timed?.value).toBe(count('ok') + count('failed'));
  });

  it('should submit, follow and cancel a SeaTunnel task', async () => {
    const client = new SeaTunnelClient(settings(address), new Clock(), metrics);
    clients.push(client);

    const { name, source, target: destination } = target.orders();
    // Held (the emulator's clock stands still, the Java server's source tables are locked), so there is a task to cancel.
    await target.hold();

    const submitted = await client.submit({ name: name!, source: source!, target: destination!, idempotencyKey: 'k-1' });
    const again = await client.submit({ name: name!, source: source!, target: destination!, idempotencyKey: 'k-1' });
    const followed = await client.status(submitted.id);
    const cancelled = await client.cancel(submitted.id);

    expect(again.id).toBe(submitted.id);
    expect(followed.id).toBe(submitted.id);
    expect(cancelled.status).toBe('CANCELLED');
    await expect(client.status('no-such-task')).rejects.toMatchObject({ status: 404, code: 'JVM_NOT_FOUND' });
  });
});
