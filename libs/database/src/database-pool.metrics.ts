import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@switchyard/observability';
import { DataSource } from 'typeorm';

/** The parts of mysql2's pool that tell how busy it is (not part of its typed surface, stable since mysql2 1.x). */
interface PoolState {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  getConnection?: (callback: (error: unknown, connection?: unknown) => void) => void;
}

/** From an idle connection handed over at once (well under a millisecond) to a pool exhausted for seconds. */
const ACQUIRE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * MySQL pool use: busy and idle connections and requests waiting for one (at scrape time), and how long
 * each query waited for its connection (mysql2 keeps no such timing: `getConnection`, which TypeORM calls
 * for every query and transaction, is timed from the call to its callback). Nothing for SQLite.
 */
@Injectable()
export class DatabasePoolMetrics {
  constructor(dataSource: DataSource, metrics: MetricsRegistry) {
    const pool = (): PoolState | undefined => (dataSource.driver as unknown as { pool?: PoolState }).pool;
    metrics.gauge('switchyard_db_pool_connections', 'MySQL pool connections by state', ['state'], function collect() {
      const state = pool();
      if (!state?._allConnections || !state._freeConnections) return;
      this.set({ state: 'idle' }, state._freeConnections.length);
      this.set({ state: 'busy' }, state._allConnections.length - state._freeConnections.length);
    });
    metrics.gauge('switchyard_db_pool_waiting', 'Queries waiting for a MySQL pool connection', [], function collect() {
      const queue = pool()?._connectionQueue;
      if (queue) this.set(queue.length);
    });
    const target = pool();
    const getConnection = target?.getConnection;
    if (target && getConnection) {
      const acquire = metrics.histogram(
        'switchyard_db_pool_acquire_seconds',
        'Time a query waited for a MySQL pool connection',
        ['outcome'],
        ACQUIRE_BUCKETS,
      );
      target.getConnection = (callback) => {
        const started = process.hrtime.bigint();
        getConnection.call(target, (error, connection) => {
          acquire.observe({ outcome: error ? 'error' : 'acquired' }, Number(process.hrtime.bigint() - started) / 1e9);
          callback(error, connection);
        });
      };
    }
  }
}
