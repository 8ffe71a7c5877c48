import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RedisConnection } from '@switchyard/redis';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ShadowRecord } from './core/shadow.report';
import { ShadowDelta, ShadowDeltaBuffer, SharedShadowReport, countIncrements, routesOfCounts, samplesOfList } from './core/shadow.shared';
import { RoutingState } from '../document/routing.state';

/** How often a node retries writing what Redis refused; a recording also triggers a write at once. */
const RETRY_MS = 1_000;

/** The shadow report the admin API answers: every node's through Redis, or this node's when single-node. */
export abstract class ShadowReportStore {
  abstract snapshot(): Promise<SharedShadowReport>;
}

/** Without REDIS_URL there is one node: its own report is the whole report. */
export class LocalShadowReportStore extends ShadowReportStore {
  constructor(private readonly state: RoutingState) {
    super();
  }

  snapshot(): Promise<SharedShadowReport> {
    return Promise.resolve({ ...this.state.shadowReport.snapshot(), scope: 'node', nodes: 1, partial: false });
  }
}

/**
 * Each node adds what its report records to Redis (counts with HINCRBY, samples with LPUSH + LTRIM), so any
 * node answers for all of them. Writes leave the request path: recordings wait in a bounded buffer, one write
 * at a time, retried while Redis is away. With Redis unreadable the node answers its own report, marked partial.
 */
export class RedisShadowReportStore extends ShadowReportStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisShadowReportStore.name);
  // Two apps in one process (tests) share hostname and pid: the random part tells them apart.
  private readonly node = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly pending: ShadowDeltaBuffer;
  private writing?: Promise<void>;
  private writeFailed = false;
  private stopListening?: () => void;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly state: RoutingState,
    private readonly redis: RedisConnection,
    private readonly ttlSeconds: number,
  ) {
    super();
    this.pending = new ShadowDeltaBuffer(() => this.state.document.shadow.sampleSize);
  }

  onModuleInit(): void {
    this.stopListening = this.state.shadowReport.onRecord((record) => this.onRecord(record));
    this.retryTimer = setInterval(() => void this.flush(), RETRY_MS);
    this.retryTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    clearInterval(this.retryTimer);
    // What is still waiting gets one last chance; flush never rejects.
    await this.flush();
  }

  async snapshot(): Promise<SharedShadowReport> {
    const sampleSize = this.state.document.shadow.sampleSize;
    try {
      const [counts, samples, nodes] = await this.redis.run(async (client) => {
        const replies = await client
          .multi()
          .hgetall(this.key('counts'))
          .lrange(this.key('samples'), 0, Math.max(sampleSize - 1, -1))
          .hgetall(this.key('nodes'))
          .exec();
        return resultsOf(replies) as [Record<string, string>, string[], Record<string, string>];
      });
      await this.forgetGoneNodes(nodes);
      const unsent = this.writeFailed ? this.pending.size : 0;
      return {
        generatedAt: new Date().toISOString(),
        routes: routesOfCounts(counts),
        samples: sampleSize > 0 ? samplesOfList(samples, sampleSize) : [],
        scope: 'cluster',
        nodes: Object.keys(nodes).length,
        partial: unsent > 0,
        ...(unsent > 0 && { problem: `redis refused the last write: ${unsent} comparisons of this node are not counted yet` }),
      };
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'Shared shadow report unreadable; answering this node only');
      return {
        ...this.state.shadowReport.snapshot(),
        scope: 'node',
        nodes: 1,
        partial: true,
        problem: "redis is unavailable: this is the answering node's report only",
      };
    }
  }

  /** Node ids are per process: those silent for the TTL are dropped, so restarts do not grow the list. */
  private async forgetGoneNodes(nodes: Record<string, string>): Promise<void> {
    const oldest = Date.now() - this.ttlSeconds * 1_000;
    for (const [node, lastWrite] of Object.entries(nodes)) {
      if (Number(lastWrite) >= oldest) continue;
      delete nodes[node];
      await this.redis.run((client) => client.hdel(this.key('nodes'), node));
    }
  }

  private onRecord(record: ShadowRecord): void {
    this.pending.add(record);
    void this.flush();
  }

  /** One write in flight at most; recordings that arrive meanwhile go with the next. Never rejects. */
  private flush(): Promise<void> {
    if (this.writing) return this.writing;
    const delta = this.pending.take();
    if (!delta) return Promise.resolve();
    this.writing = this.write(delta)
      .then(() => {
        this.writeFailed = false;
      })
      .catch((error: Error) => {
        this.pending.restore(delta);
        if (!this.writeFailed) this.logger.warn({ error: error.message }, 'Shadow report not written to Redis; retrying');
        this.writeFailed = true;
      })
      .finally(() => {
        this.writing = undefined;
        // Recordings that arrived during the write go now; after a failure, the retry timer takes over.
        if (!this.writeFailed && !this.pending.isEmpty) void this.flush();
      });
    return this.writing;
  }

  private async write(delta: ShadowDelta): Promise<void> {
    const sampleSize = this.state.document.shadow.sampleSize;
    await this.redis.run(async (client) => {
      const multi = client.multi();
      for (const [field, increment] of countIncrements(delta)) multi.hincrby(this.key('counts'), field, increment);
      multi.expire(this.key('counts'), this.ttlSeconds);
      if (sampleSize > 0 && delta.samples.length > 0) {
        multi.lpush(this.key('samples'), ...delta.samples.map((sample) => JSON.stringify(sample)));
        multi.ltrim(this.key('samples'), 0, sampleSize - 1);
        multi.expire(this.key('samples'), this.ttlSeconds);
      }
      multi.hset(this.key('nodes'), this.node, String(Date.now()));
      multi.expire(this.key('nodes'), this.ttlSeconds);
      resultsOf(await multi.exec());
    });
  }

  private key(part: string): string {
    return this.redis.key('shadow', part);
  }
}

/** MULTI answers per command; a command that failed fails the whole read or write. */
function resultsOf(replies: Array<[Error | null, unknown]> | null): unknown[] {
  if (!replies) throw new Error('Redis discarded the transaction');
  return replies.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
}
