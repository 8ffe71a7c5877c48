import { Attributes, TraceFlags, diag } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EndedSpan, InstrumentationScope, encodeResource, encodeScope, writeSpan } from './core/otlp-span.encoding';
import { ProtobufWriter } from './core/protobuf.writer';
import { ExportReply, ExportRequest, ExportWorkerData, OtlpBinaryProtocol, ScopeDefinition } from './span-export.messages';

/** Spans handed to the export thread at a time, in one message; it sends OTLP requests of maxExportBatchSize. */
const CHUNK_SPANS = 256;
/** Room for a chunk of request spans (about 250 bytes each) before the buffer has to grow. */
const CHUNK_BYTES = 96 * 1024;
/** The longest a span waits here before it is handed over (then the thread waits up to OTEL_BSP_SCHEDULE_DELAY for its batch). */
const HAND_OVER_DELAY_MS = 100;

export interface WorkerSpanProcessorOptions {
  protocol: OtlpBinaryProtocol;
  resource: { attributes: Attributes; schemaUrl?: string; waitForAsyncAttributes?(): Promise<void> };
  /** Spans held at most, queued here or being exported: past it, ended spans are dropped (a diag warning at the first). */
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduleDelayMs: number;
  /** How long a flush or a shutdown waits for the exporting thread. */
  exportTimeoutMs: number;
  /** The variables the exporting thread reads its OTEL_EXPORTER_OTLP_* settings from. */
  environment: NodeJS.ProcessEnv;
}

/**
 * The batch span processor of Switchyard's OTLP export (design.md D71, D72): it holds ended spans as the SDK's
 * BatchSpanProcessor does (OTEL_BSP_* sizes and delay), but encodes each one as OTLP protobuf when it ends and
 * hands the bytes, 256 spans at a time, to a worker thread that puts them into export requests and sends them.
 * Sampled spans only, as the SDK's processors.
 */
export class WorkerSpanProcessor implements SpanProcessor {
  private readonly chunk = new ProtobufWriter(CHUNK_BYTES);
  /** Spans encoded into `chunk`, not yet handed over. */
  private held = 0;
  private inFlight = 0;
  /** Scope ids by scope object, then by what the scope says, so equal scopes from different tracers share one. */
  private readonly scopeIds = new WeakMap<InstrumentationScope, number>();
  private readonly scopeIdsByKey = new Map<string, number>();
  private newScopes: ScopeDefinition[] = [];
  private warnedQueueFull = false;
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private worker: Worker | undefined;
  private closed = false;
  private readonly started: Promise<void>;
  private readonly waiting = new Map<number, { settle: (error?: string) => void }>();

  constructor(private readonly options: WorkerSpanProcessorOptions) {
    this.started = this.start().catch((error: unknown) => diag.error(`Span export thread did not start: ${String(error)}`));
  }

  onStart(): void {}

  onEnd(span: ReadableSpan | EndedSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0 || this.closed) return;
    if (this.held + this.inFlight >= this.options.maxQueueSize) {
      if (!this.warnedQueueFull) diag.warn(`Span export queue full (${this.options.maxQueueSize}): dropping spans`);
      this.warnedQueueFull = true;
      return;
    }
    const mark = this.chunk.pos;
    try {
      this.chunk.varint(this.scopeIdOf(span.instrumentationScope));
      writeSpan(this.chunk, span);
    } catch (error) {
      // A span the encoder cannot read (an instrumentation's malformed value) is dropped, not half-written.
      this.chunk.pos = mark;
      diag.warn(`Dropping a span that could not be encoded: ${String(error)}`);
      return;
    }
    this.held += 1;
    if (this.held >= CHUNK_SPANS) this.send();
    else this.timer ??= setTimeout(() => this.send(), Math.min(HAND_OVER_DELAY_MS, this.options.scheduleDelayMs)).unref();
  }

  async forceFlush(): Promise<void> {
    await this.started;
    this.send();
    await this.ask('flush');
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.forceFlush();
    this.closed = true;
    try {
      await this.ask('shutdown');
    } finally {
      await this.worker?.terminate();
      this.worker = undefined;
    }
  }

  private async start(): Promise<void> {
    const { resource } = this.options;
    await resource.waitForAsyncAttributes?.();
    const workerData: ExportWorkerData = {
      protocol: this.options.protocol,
      resource: encodeResource(resource),
      resourceSchemaUrl: resource.schemaUrl,
      maxExportBatchSize: this.options.maxExportBatchSize,
      scheduleDelayMs: this.options.scheduleDelayMs,
    };
    // Compiled, the worker is a .js file beside this one; under ts-node (tests) the thread registers it too.
    const script = join(__dirname, `span-export.worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
    const worker = new Worker(script, {
      workerData,
      env: this.options.environment,
      execArgv: __filename.endsWith('.ts') ? ['--require', 'ts-node/register/transpile-only'] : [],
    });
    // The thread never keeps the process alive: shutdown flushes it first.
    worker.unref();
    worker.on('message', (reply: ExportReply) => this.receive(reply));
    worker.on('error', (error) => diag.error(`Span export thread failed: ${error.message}`));
    worker.on('exit', () => {
      this.worker = undefined;
      for (const { settle } of this.waiting.values()) settle('the span export thread exited');
      this.waiting.clear();
    });
    this.worker = worker;
    if (this.held > 0) this.send();
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.worker === undefined || this.held === 0) return;
    // Copied into the message, not transferred: one buffer reused here costs less than a new one per chunk,
    // whose external memory would drive the request thread's full garbage collections.
    this.post({ type: 'spans', count: this.held, scopes: this.newScopes, bytes: this.chunk.finish() });
    // A message carries the chunk's whole buffer: one grown by an outsized span goes back to its usual size.
    this.chunk.reset(2 * CHUNK_BYTES);
    this.inFlight += this.held;
    this.held = 0;
    this.newScopes = [];
  }

  private scopeIdOf(scope: InstrumentationScope): number {
    const known = this.scopeIds.get(scope);
    if (known !== undefined) return known;
    const key = JSON.stringify([scope.name, scope.version, scope.schemaUrl, scope.attributes, scope.droppedAttributesCount]);
    let id = this.scopeIdsByKey.get(key);
    if (id === undefined) {
      id = this.scopeIdsByKey.size;
      this.scopeIdsByKey.set(key, id);
      this.newScopes.push({ id, bytes: encodeScope(scope), schemaUrl: scope.schemaUrl });
    }
    this.scopeIds.set(scope, id);
    return id;
  }

  private receive(reply: ExportReply): void {
    if (reply.type === 'exported') {
      this.inFlight -= reply.count;
      if (reply.error !== undefined) diag.warn(`Exporting ${reply.count} spans failed: ${reply.error}`);
      return;
    }
    this.waiting.get(reply.id)?.settle(reply.error);
  }

  /** Asks the thread to flush or shut down, and waits at most exportTimeoutMs for its answer. */
  private ask(type: 'flush' | 'shutdown'): Promise<void> {
    if (this.worker === undefined) return Promise.resolve();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => settle(`no answer within ${this.options.exportTimeoutMs} ms`), this.options.exportTimeoutMs);
      const settle = (error?: string): void => {
        clearTimeout(deadline);
        this.waiting.delete(id);
        if (error === undefined) resolve();
        else reject(new Error(`Span export ${type} failed: ${error}`));
      };
      this.waiting.set(id, { settle });
      this.post({ type, id });
    });
  }

  private post(message: ExportRequest): void {
    this.worker?.postMessage(message);
  }
}
