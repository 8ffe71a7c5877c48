import { isIP } from 'node:net';
import type { FieldError } from '@switchyard/errors';
import type { DatasourceOptions } from '@switchyard/database';

// What a datasource definition may hold. The host, database and options end up in the connection string
// SeaTunnel opens (and in JDBC URLs on the JVM side), so every character that could start a parameter,
// a path or user information there is refused here rather than escaped later.

const HOST_MAX_LENGTH = 253;
// RFC 1123 labels: letters, digits and inner hyphens; no underscores (Java's URI parser drops such hosts).
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// A last label of digits or 0x-hex makes resolvers read the whole name as an IPv4 address (127.1, 0x7f.1, 2130706433).
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/i;

export const DATABASE_PATTERN = /^[A-Za-z0-9_$][A-Za-z0-9_$-]{0,63}$/;
export const DATABASE_RULE = "database must be 1-64 letters, digits, '_', '$' or '-', not starting with '-'";
// '@' stays allowed for cloud logins such as user@server (Azure); usernames are never put into a URL's userinfo.
export const USERNAME_PATTERN = /^(?:[A-Za-z0-9_$][A-Za-z0-9_.@$-]{0,127})?$/;
export const USERNAME_RULE = "username must be up to 128 letters, digits, '_', '.', '@', '$' or '-', not starting with '.', '@' or '-'";

/** Why the text is not a host this project connects to, or undefined when it is one. */
export function hostProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'host must be a host name or an IP address';
  if (value.length > HOST_MAX_LENGTH) return `host must be at most ${HOST_MAX_LENGTH} characters`;
  if (value.includes('%')) return 'host must not carry an IPv6 zone index or percent-encoding';
  if (isIP(value) !== 0) return undefined;
  if (value.includes('://')) return 'host must not carry a scheme';
  if (value.startsWith('[')) return 'host must be an IPv6 address without brackets';
  if (value.includes('@')) return 'host must not carry user information';
  if (/[/?#&=;\\]/.test(value)) return 'host must not carry a path, query or parameters';
  if (value.includes(':')) return 'host must not carry a port (use port)';
  const labels = value.split('.');
  if (!labels.every((label) => HOST_LABEL.test(label)))
    return "host must be a DNS name of dot-separated labels (1-63 letters, digits or inner '-') or an IP address";
  if (NUMERIC_LABEL.test(labels[labels.length - 1]!)) return 'host must be a DNS name or an IPv4 address in dotted-decimal form';
  return undefined;
}

type OptionRule =
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'one-of'; values: readonly string[] }
  | { kind: 'pattern'; pattern: RegExp; rule: string };

const BOOLEAN: OptionRule = { kind: 'boolean' };
const IDENTIFIER: OptionRule = { kind: 'pattern', pattern: DATABASE_PATTERN, rule: "1-64 letters, digits, '_', '$' or '-'" };
const CHARSET: OptionRule = { kind: 'pattern', pattern: /^[A-Za-z0-9_-]{1,32}$/, rule: "1-32 letters, digits, '_' or '-'" };
const TIME_ZONE: OptionRule = { kind: 'pattern', pattern: /^[A-Za-z0-9_+/:-]{1,64}$/, rule: 'a time zone name or offset' };

/**
 * The driver settings a definition may carry: harmless tuning only. Anything that loads files, classes or
 * local data (allowLoadLocalInfile, autoDeserialize, socketFactory, sslrootcert, queryInterceptors, ...)
 * is absent on purpose, so it cannot reach a JDBC URL or a SeaTunnel config.
 */
export const OPTION_RULES: Readonly<Record<string, OptionRule>> = {
  useSSL: BOOLEAN,
  requireSSL: BOOLEAN,
  verifyServerCertificate: BOOLEAN,
  sslmode: { kind: 'one-of', values: ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] },
  sslMode: { kind: 'one-of', values: ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'] },
  encrypt: BOOLEAN,
  trustServerCertificate: BOOLEAN,
  connectTimeout: { kind: 'integer', min: 0, max: 600_000 },
  socketTimeout: { kind: 'integer', min: 0, max: 86_400_000 },
  loginTimeout: { kind: 'integer', min: 0, max: 600 },
  fetchSize: { kind: 'integer', min: 0, max: 1_000_000 },
  charset: CHARSET,
  characterEncoding: CHARSET,
  useUnicode: BOOLEAN,
  serverTimezone: TIME_ZONE,
  connectionTimeZone: TIME_ZONE,
  readOnly: BOOLEAN,
  currentSchema: IDENTIFIER,
  schema: IDENTIFIER,
  tinyInt1isBit: BOOLEAN,
  zeroDateTimeBehavior: { kind: 'one-of', values: ['EXCEPTION', 'ROUND', 'CONVERT_TO_NULL'] },
  rewriteBatchedStatements: BOOLEAN,
  useCompression: BOOLEAN,
};

const OPTION_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

function optionValueProblem(key: string, rule: OptionRule, value: unknown): string | undefined {
  switch (rule.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `options.${key} must be a boolean`;
    case 'integer':
      return Number.isInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max
        ? undefined
        : `options.${key} must be an integer from ${rule.min} to ${rule.max}`;
    case 'one-of':
      return typeof value === 'string' && rule.values.includes(value)
        ? undefined
        : `options.${key} must be one of ${rule.values.join(', ')}`;
    case 'pattern':
      return typeof value === 'string' && rule.pattern.test(value) ? undefined : `options.${key} must be ${rule.rule}`;
  }
}

// Values may be credentials-adjacent (paths, tokens), so problems name keys at most, never values.
export function optionsProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['options must be an object of supported driver settings'];
  const problems = Object.entries(value).map(([key, entry]) => {
    if (!OPTION_KEY.test(key)) return `options keys must be 1-64 letters, digits, '.', '_' or '-'`;
    const rule = Object.hasOwn(OPTION_RULES, key) ? OPTION_RULES[key] : undefined;
    if (!rule) return `options.${key} is not a supported option`;
    return optionValueProblem(key, rule, entry);
  });
  return [...new Set(problems.filter((problem): problem is string => problem !== undefined))];
}

/** The parts of a stored definition that reach a connection string. */
export interface ConnectionFields {
  host: string;
  port: number;
  databaseName: string;
  username: string;
  options: DatasourceOptions;
}

/**
 * The same rules applied to a row as stored: rows written before these rules (or edited in the
 * database) are checked again before they are used to connect.
 */
export function storedDefinitionProblems(definition: ConnectionFields): FieldError[] {
  const problems: FieldError[] = [];
  const host = hostProblem(definition.host);
  if (host) problems.push({ field: 'host', reason: host });
  if (!Number.isInteger(definition.port) || definition.port < 1 || definition.port > 65535)
    problems.push({ field: 'port', reason: 'port must be an integer from 1 to 65535' });
  if (!DATABASE_PATTERN.test(definition.databaseName)) problems.push({ field: 'database', reason: DATABASE_RULE });
  if (!USERNAME_PATTERN.test(definition.username)) problems.push({ field: 'username', reason: USERNAME_RULE });
  for (const reason of optionsProblems(definition.options)) problems.push({ field: 'options', reason });
  return problems;
}
