import { Logger as NestLogger } from '@nestjs/common';
import { Logger } from 'typeorm';

const QUERY_TEXT_LIMIT = 1_000;

/**
 * TypeORM's logging through the application's logger (pino). A slow query — one that reached
 * DATABASE_QUERY_TIMEOUT_MS — is a warning with its text and time, never its parameters (they may hold
 * personal data); every query is logged at debug only with DATABASE_LOGGING=true.
 */
export class DatabaseLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  constructor(private readonly queries: boolean) {}

  logQuery(query: string): void {
    if (this.queries) this.logger.debug({ query: clip(query) }, 'Query');
  }

  logQueryError(error: string | Error, query: string): void {
    if (this.queries) this.logger.debug({ query: clip(query), error: error instanceof Error ? error.message : error }, 'Query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ query: clip(query), durationMs: time }, 'Slow query');
  }

  logSchemaBuild(message: string): void {
    if (this.queries) this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else if (this.queries) this.logger.debug(String(message));
  }
}

function clip(query: string): string {
  return query.length > QUERY_TEXT_LIMIT ? `${query.slice(0, QUERY_TEXT_LIMIT)}…` : query;
}
