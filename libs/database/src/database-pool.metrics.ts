import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@switchyard/observability';
import { DataSource } from 'typeorm';

/** The parts of mysql2's pool that tell how busy it is (not part of its typed surface, stable since mysql2 1.x). */
interface PoolState {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

/** MySQL pool use at scrape time: busy and idle connections, and requests waiting for one. Nothing for SQLite. */
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
  }
}
