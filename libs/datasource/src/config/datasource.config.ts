import {
  AddressList,
  BaseEnvironment,
  EnvList,
  IsAddressList,
  SHARED_DEPLOYMENT,
  defineConfig,
  isSharedDeployment,
} from '@switchyard/config';
import { databaseConfig } from '@switchyard/database';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

/**
 * What DATASOURCE_ENCRYPTION_KEYS used to default to: a key published in this repository, so anything
 * it encrypts is readable by anyone with the source. Refused as a configured key; the embedded profile
 * keeps it for decryption only, so rows an earlier version wrote there stay readable.
 */
export const DEVELOPMENT_DATASOURCE_ENCRYPTION_KEYS = 'dev:c3dpdGNoeWFyZC1kZXYtZGF0YXNvdXJjZS1rZXktMzI=';

const KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;
const KEY_BYTES = 32;
const DEVELOPMENT_KEY_MATERIAL = DEVELOPMENT_DATASOURCE_ENCRYPTION_KEYS.split(':')[1];

export interface EncryptionKey {
  id: string;
  /** Base64 of the 32 key bytes; decoded only by the cipher. */
  material: string;
}

export interface KeyRingReading {
  keys: EncryptionKey[];
  problems: string[];
}

function readKeyMaterial(material: string): Buffer | null {
  const bytes = Buffer.from(material, 'base64');
  // Buffer.from skips characters that are not base64; re-encoding catches them and missing padding.
  return bytes.length === KEY_BYTES && bytes.toString('base64') === material ? bytes : null;
}

/** Parses `keyId:base64,keyId:base64,...`; problems name each bad entry by position and never echo key bytes. */
export function parseEncryptionKeys(raw: string): KeyRingReading {
  const keys: EncryptionKey[] = [];
  const problems: string[] = [];
  const positions = new Map<string, number>();
  raw.split(',').forEach((text, index) => {
    const position = index + 1;
    const entry = text.trim();
    const separator = entry.indexOf(':');
    if (separator < 0) {
      problems.push(`entry ${position} must be keyId:base64key`);
      return;
    }
    const id = entry.slice(0, separator).trim();
    const material = entry.slice(separator + 1).trim();
    if (!KEY_ID.test(id)) problems.push(`entry ${position}: key id must be 1-32 letters, digits, '.', '_' or '-'`);
    else if (positions.has(id)) problems.push(`entry ${position}: key id "${id}" is already used by entry ${positions.get(id)}`);
    if (!readKeyMaterial(material))
      problems.push(`entry ${position}: key must be the base64 of exactly ${KEY_BYTES} bytes (openssl rand -base64 ${KEY_BYTES})`);
    if (!positions.has(id)) positions.set(id, position);
    keys.push({ id, material });
  });
  return { keys: problems.length === 0 ? keys : [], problems };
}

export function isDevelopmentKey(key: EncryptionKey): boolean {
  return key.material === DEVELOPMENT_KEY_MATERIAL;
}

function publishedKeyProblems(keys: EncryptionKey[]): string[] {
  return keys.flatMap((key, index) =>
    isDevelopmentKey(key) ? [`entry ${index + 1} (key id "${key.id}") is the published development key and is refused`] : [],
  );
}

function keyRingProblems(value: unknown, environment: Record<string, unknown>): string[] {
  if (value === undefined || value === '') {
    return isSharedDeployment(environment) ? [`is required when ${SHARED_DEPLOYMENT} (there is no default)`] : [];
  }
  if (typeof value !== 'string') return ['must be a comma-separated list of keyId:base64key'];
  const { keys, problems } = parseEncryptionKeys(value);
  return [...problems, ...publishedKeyProblems(keys)];
}

/**
 * The embedded profile's key ring: a key made once and kept beside the SQLite file (readable by this
 * user only), then the former development key for decryption only.
 */
function embeddedKeyRing(sqlitePath: string): EncryptionKey[] {
  const file = join(dirname(sqlitePath), 'datasource.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `local:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const { keys } = parseEncryptionKeys(readFileSync(file, 'utf8').trim());
  return [...keys, ...parseEncryptionKeys(DEVELOPMENT_DATASOURCE_ENCRYPTION_KEYS).keys];
}

// One validator for the whole list, so the start-up error lists every bad entry in a single line for this key.
function IsEncryptionKeyRing(): PropertyDecorator {
  return ValidateBy({
    name: 'isEncryptionKeyRing',
    validator: {
      validate: (value, args) => keyRingProblems(value, (args?.object ?? {}) as Record<string, unknown>).length === 0,
      defaultMessage: (args) => keyRingProblems(args?.value, (args?.object ?? {}) as Record<string, unknown>).join('; '),
    },
  });
}

class DatasourceEnvironment extends BaseEnvironment {
  // The first key encrypts new passwords; the others only decrypt rows written before a rotation.
  // No default: a shared deployment must set it; the embedded profile keeps a key of its own in its data folder.
  @IsEncryptionKeyRing()
  DATASOURCE_ENCRYPTION_KEYS?: string;

  // Addresses, CIDRs or presets (loopback, linklocal, uniquelocal). When set, datasource hosts may only be
  // (and resolve to) these; an entry inside a built-in refusal (127.0.0.1, loopback) re-opens just that part.
  @EnvList()
  @IsAddressList()
  DATASOURCE_HOST_ALLOW: string[] = [];

  // Refused on top of the built-in refusals (loopback, link-local and metadata, multicast, unspecified).
  @EnvList()
  @IsAddressList()
  DATASOURCE_HOST_DENY: string[] = [];

  // A lookup slower than this answers 503: a datasource host is only saved once all its addresses were checked.
  @IsInt()
  @Min(100)
  @Max(30_000)
  DATASOURCE_HOST_LOOKUP_TIMEOUT_MS: number = 2000;
}

function encryptionKeysOf(environment: DatasourceEnvironment): EncryptionKey[] {
  if (environment.DATASOURCE_ENCRYPTION_KEYS) return parseEncryptionKeys(environment.DATASOURCE_ENCRYPTION_KEYS).keys;
  const database = databaseConfig.factory();
  return database.kind === 'sqlite' ? embeddedKeyRing(database.path) : [];
}

export const datasourceConfig = defineConfig('datasource', DatasourceEnvironment, (environment) => ({
  encryptionKeys: encryptionKeysOf(environment),
  egress: {
    allow: AddressList.of(environment.DATASOURCE_HOST_ALLOW),
    deny: AddressList.of(environment.DATASOURCE_HOST_DENY),
    // The embedded profile is one person's node, next to their own databases; a shared deployment is not.
    loopbackAllowed: !isSharedDeployment(environment),
    lookupTimeoutMs: environment.DATASOURCE_HOST_LOOKUP_TIMEOUT_MS,
  },
}));

export type DatasourceConfig = ReturnType<typeof datasourceConfig.factory>;
