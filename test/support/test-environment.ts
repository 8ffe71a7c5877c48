/** Where the real MariaDB and Redis of this machine are, and this run's private names on them. */
export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Set by the global setup; every database and Redis key this run makes starts with it. */
export function runId(): string {
  const id = process.env.SWITCHYARD_TEST_RUN_ID;
  if (!id) throw new Error('SWITCHYARD_TEST_RUN_ID is not set: run tests through jest so the global setup runs');
  return id;
}

export function databaseUrl(database: string): string {
  const url = new URL(TEST_MYSQL_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
