import { PasswordHasher, TokenPair } from '@switchyard/auth';
import { createConnection } from 'mysql2/promise';
import { randomUUID } from 'node:crypto';

export interface Caller {
  tokens: TokenPair;
  headers: Record<string, string>;
}

// Tests read arbitrary JSON bodies; assertions give them their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonResponse = { status: number; body: any; headers: Headers };

/** A tiny JSON client for e2e tests: real HTTP to the app under test. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<JsonResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function login(baseUrl: string, tenant: string, username: string, password: string): Promise<Caller> {
  const response = await call(baseUrl, 'POST', '/api/v1/auth/login', { body: { tenant, username, password } });
  if (response.status !== 200)
    throw new Error(`login of ${tenant}/${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { tokens: response.body as TokenPair, headers: { authorization: `Bearer ${response.body.accessToken}` } };
}

/** Creates a user through the API as `admin` and logs them in. */
export async function createUserAndLogin(
  baseUrl: string,
  admin: Caller,
  tenant: string,
  username: string,
  role: string,
): Promise<Caller & { id: string }> {
  const password = `${username}-password-123`;
  const created = await call(baseUrl, 'POST', '/api/v1/users', { token: admin.tokens.accessToken, body: { username, password, role } });
  if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { ...(await login(baseUrl, tenant, username, password)), id: created.body.id };
}

/**
 * A second tenant and its owner, written straight into the database: the API only bootstraps one
 * tenant, and cross-tenant tests need two.
 */
export async function insertTenantWithOwner(databaseUrl: string, slug: string, username: string, password: string): Promise<void> {
  const connection = await createConnection({ uri: databaseUrl });
  const tenantId = randomUUID();
  try {
    await connection.query('INSERT INTO tenants (id, slug, name, created_at) VALUES (?, ?, ?, ?)', [tenantId, slug, slug, new Date()]);
    await connection.query('INSERT INTO users (id, tenant_id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      randomUUID(),
      tenantId,
      username,
      await new PasswordHasher().hash(password),
      'owner',
      new Date(),
    ]);
  } finally {
    await connection.end();
  }
}

/** A user of an existing tenant, written straight into the database (for nodes whose user routes go to legacy). */
export async function insertUser(databaseUrl: string, tenantSlug: string, username: string, password: string, role: string): Promise<void> {
  const connection = await createConnection({ uri: databaseUrl });
  try {
    await connection.query(
      'INSERT INTO users (id, tenant_id, username, password_hash, role, created_at) SELECT ?, id, ?, ?, ?, ? FROM tenants WHERE slug = ?',
      [randomUUID(), username, await new PasswordHasher().hash(password), role, new Date(), tenantSlug],
    );
  } finally {
    await connection.end();
  }
}
