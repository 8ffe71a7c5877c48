import { Attributes, TraceFlags, diag } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EndedSpan, SpanRecord, toSpanRecord } from './core/span-record';
import { ExportReply, ExportRequest, ExportWorkerData } from './span-export.messages';

/**
 * Spans copied to the export thread at a time: each copy holds the event loop (about half a microsecond a
 * span), so the copies stay small while the thread sends OTLP requests of maxExportBatchSize spans.
 */
const COPY_CHUNK = 256;
/** The longest a span waits here before it is copied (then the thread waits up to OTEL_BSP_SCHEDULE_DELAY for its batch). */
const COPY_DELAY_MS = 100;

export interface WorkerSpanProcessorOptions {
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
 * The batch span processor of Switchyard's tracing (design.md D71): it holds ended spans as the SDK's
 * BatchSpanProcessor does (OTEL_BSP_* sizes and delay), but copies them into plain records, 256 at a time,
 * to a worker thread that batches, serialises and exports them. Sampled spans only, as the SDK's processors.
 */
export class WorkerSpanProcessor implements SpanProcessor {
  private queue: SpanRecord[] = [];
  private inFlight = 0;
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
    if (this.queue.length + this.inFlight >= this.options.maxQueueSize) {
      if (!this.warnedQueueFull) diag.warn(`Span export queue full (${this.options.maxQueueSize}): dropping spans`);
      this.warnedQueueFull = true;
      return;
    }
    this.queue.push(toSpanRecord(span));
    if (this.queue.length >= COPY_CHUNK) this.send();
    else this.timer ??= setTimeout(() => this.send(), Math.min(COPY_DELAY_MS, this.options.scheduleDelayMs)).unref();
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
      resourceAttributes: resource.attributes,
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
    if (this.queue.length > 0) this.send();
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.worker === undefined || this.queue.length === 0) return;
    const chunk = this.queue.splice(0, COPY_CHUNK);
    this.inFlight += chunk.length;
    this.post({ type: 'spans', spans: JSON.stringify(chunk) });
    if (this.queue.length > 0) this.timer = setTimeout(() => this.send(), 0).unref();
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
