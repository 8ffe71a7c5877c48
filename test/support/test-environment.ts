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

/**
 * Secrets for the apps tests start: a node that uses MySQL or Redis refuses to start without them
 * (there are no defaults). A test that sets one itself wins.
 */
export const TEST_SECRETS: Readonly<Record<string, string>> = Object.freeze({
  JWT_SECRET: 'test-only-jwt-secret-0123456789abcdef-0123',
  DATASOURCE_ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 't').toString('base64')}`,
  PLATFORM_INTERNAL_TOKEN: 'test-only-internal-token-0123456789abcdef',
  LEGACY_IDENTITY_SECRET: 'test-only-identity-secret-0123456789abcdef',
});
