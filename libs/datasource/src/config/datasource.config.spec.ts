import { readEnvironment } from '@switchyard/config';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_DATASOURCE_ENCRYPTION_KEYS, datasourceConfig, parseEncryptionKeys } from './datasource.config';

const material = (): string => randomBytes(32).toString('base64');
const problemsOf = (variables: Record<string, string>): string[] => readEnvironment(datasourceConfig.environment, variables).problems;

describe('datasourceConfig', () => {
  describe('DATASOURCE_ENCRYPTION_KEYS', () => {
    it('should need no keys in the embedded profile', () => {
      const problems = problemsOf({});

      expect(problems).toEqual([]);
    });

    it('should list every bad entry by position in one problem for the key', () => {
      const good = material();
      const raw = [`k1:${good}`, 'no-separator', `bad id:${material()}`, `k1:${material()}`, 'k5:c2hvcnQ=', `k6:${good.slice(0, -1)}`].join(
        ',',
      );

      const problems = problemsOf({ DATASOURCE_ENCRYPTION_KEYS: raw });

      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^DATASOURCE_ENCRYPTION_KEYS: /);
      expect(problems[0]).toContain('entry 2 must be keyId:base64key');
      expect(problems[0]).toContain("entry 3: key id must be 1-32 letters, digits, '.', '_' or '-'");
      expect(problems[0]).toContain('entry 4: key id "k1" is already used by entry 1');
      expect(problems[0]).toContain('entry 5: key must be the base64 of exactly 32 bytes');
      expect(problems[0]).toContain('entry 6: key must be the base64 of exactly 32 bytes');
      expect(
        problems[0]!
          .replace(/^DATASOURCE_ENCRYPTION_KEYS: /, '')
          .split('; ')
          .map((problem) => problem.match(/^entry (\d+)/)?.[1]),
      ).toEqual(['2', '3', '4', '5', '6']);
    });

    it('should never echo key material in a problem', () => {
      const secret = material();

      const problems = problemsOf({ DATASOURCE_ENCRYPTION_KEYS: `k1:${secret},k1:${secret}` });

      expect(problems).toHaveLength(1);
      expect(problems[0]).not.toContain(secret);
    });

    it('should require keys in production and whenever MySQL or Redis is configured, naming the setting', () => {
      const problems = [problemsOf({ NODE_ENV: 'production' }), problemsOf({ DATABASE_URL: 'mysql://db/x' })];

      expect(problems).toEqual([
        ['DATASOURCE_ENCRYPTION_KEYS: is required when NODE_ENV=production or DATABASE_URL/REDIS_URL is set (there is no default)'],
        ['DATASOURCE_ENCRYPTION_KEYS: is required when NODE_ENV=production or DATABASE_URL/REDIS_URL is set (there is no default)'],
      ]);
    });

    it('should refuse the published development key material under any id and position, in any profile', () => {
      const developmentMaterial = DEVELOPMENT_DATASOURCE_ENCRYPTION_KEYS.split(':')[1];

      const problems = problemsOf({
        NODE_ENV: 'production',
        DATASOURCE_ENCRYPTION_KEYS: `prod-1:${material()},legacy:${developmentMaterial}`,
      });

      expect(problems).toEqual([
        expect.stringMatching(/^DATASOURCE_ENCRYPTION_KEYS: entry 2 \(key id "legacy"\) is the published development key/),
      ]);
      expect(problemsOf({ DATASOURCE_ENCRYPTION_KEYS: DEVELOPMENT_DATASOURCE_ENCRYPTION_KEYS })).toEqual([
        expect.stringMatching(/^DATASOURCE_ENCRYPTION_KEYS: entry 1 \(key id "dev"\) is the published development key and is refused$/),
      ]);
    });

    it('should accept a ring of real keys in production', () => {
      const problems = problemsOf({ NODE_ENV: 'production', DATASOURCE_ENCRYPTION_KEYS: `prod-2:${material()}, prod-1:${material()}` });

      expect(problems).toEqual([]);
    });
  });

  describe('DATASOURCE_HOST_ALLOW and DATASOURCE_HOST_DENY', () => {
    it('should name every entry that is not an address, a CIDR or a preset, for each setting', () => {
      const problems = problemsOf({ DATASOURCE_HOST_ALLOW: '10.0.0.0/8, db.internal', DATASOURCE_HOST_DENY: '169.254.0.0/33,loopback' });

      expect(problems).toEqual([
        expect.stringMatching(
          /^DATASOURCE_HOST_ALLOW: "db.internal" is not an address, a CIDR or one of loopback, linklocal, uniquelocal$/,
        ),
        expect.stringMatching(/^DATASOURCE_HOST_DENY: "169.254.0.0\/33" has a prefix length outside 0-32$/),
      ]);
    });

    it('should refuse a lookup timeout outside 100-30000 ms', () => {
      const problems = [
        problemsOf({ DATASOURCE_HOST_LOOKUP_TIMEOUT_MS: '50' }),
        problemsOf({ DATASOURCE_HOST_LOOKUP_TIMEOUT_MS: '30001' }),
      ];

      expect(problems.map((list) => list.map((problem) => problem.split(':')[0]))).toEqual([
        ['DATASOURCE_HOST_LOOKUP_TIMEOUT_MS'],
        ['DATASOURCE_HOST_LOOKUP_TIMEOUT_MS'],
      ]);
    });
  });

  describe('factory', () => {
    const saved = { ...process.env };

    afterEach(() => {
      process.env = { ...saved };
    });

    it('should keep the keys in order, the first being the active one', () => {
      const [newer, older] = [material(), material()];
      process.env.DATASOURCE_ENCRYPTION_KEYS = `2026-01:${newer},2025-06:${older}`;

      const config = datasourceConfig.factory();

      expect(config.encryptionKeys).toEqual([
        { id: '2026-01', material: newer },
        { id: '2025-06', material: older },
      ]);
    });

    it('should refuse loopback to datasources of a shared deployment and read the allow and deny lists', () => {
      process.env.DATASOURCE_ENCRYPTION_KEYS = `k1:${material()}`;
      process.env.DATABASE_URL = 'mysql://db/x';
      process.env.DATASOURCE_HOST_ALLOW = 'loopback, 10.0.0.0/8';
      process.env.DATASOURCE_HOST_DENY = '10.66.0.0/16';
      delete process.env.DATASOURCE_HOST_LOOKUP_TIMEOUT_MS;

      const { egress } = datasourceConfig.factory();

      expect(egress).toMatchObject({ loopbackAllowed: false, lookupTimeoutMs: 2000 });
      expect(egress.allow.entries).toEqual(['loopback', '10.0.0.0/8']);
      expect(egress.deny.entries).toEqual(['10.66.0.0/16']);
    });

    it('should default to empty lists, so only the built-in refusals apply', () => {
      process.env.DATASOURCE_ENCRYPTION_KEYS = `k1:${material()}`;
      process.env.REDIS_URL = 'redis://cache:6379';
      delete process.env.DATASOURCE_HOST_ALLOW;
      delete process.env.DATASOURCE_HOST_DENY;

      const { egress } = datasourceConfig.factory();

      expect([egress.allow.isEmpty, egress.deny.isEmpty, egress.loopbackAllowed]).toEqual([true, true, false]);
    });
  });
});

describe('datasourceConfig in the embedded profile', () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-keys-'));
  const saved = { ...process.env };

  beforeEach(() => {
    for (const key of ['DATASOURCE_ENCRYPTION_KEYS', 'DATABASE_URL', 'REDIS_URL', 'NODE_ENV']) delete process.env[key];
    process.env.DATABASE_SQLITE_PATH = join(directory, 'db.sqlite');
  });

  afterAll(() => {
    process.env = saved;
    rmSync(directory, { recursive: true, force: true });
  });

  it('should let datasources reach loopback on the embedded profile, which runs beside its user’s own databases', () => {
    const config = datasourceConfig.factory();

    expect(config.egress.loopbackAllowed).toBe(true);
  });

  it('should make a key of its own once, readable by this user only, and keep the former published key for decryption', () => {
    const first = datasourceConfig.factory();
    const second = datasourceConfig.factory();

    expect(first.encryptionKeys[0]).toEqual({ id: 'local', material: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
    expect(first.encryptionKeys[0]!.material).not.toBe(DEVELOPMENT_DATASOURCE_ENCRYPTION_KEYS.split(':')[1]);
    expect(first.encryptionKeys[1]).toEqual({ id: 'dev', material: DEVELOPMENT_DATASOURCE_ENCRYPTION_KEYS.split(':')[1] });
    expect(second.encryptionKeys).toEqual(first.encryptionKeys);
    expect(statSync(join(directory, 'datasource.key')).mode & 0o777).toBe(0o600);
  });
});

describe(parseEncryptionKeys.name, () => {
  it('should return no keys when any entry is bad, so a half-read ring is never used', () => {
    const reading = parseEncryptionKeys(`k1:${material()},k2:not-a-key`);

    expect(reading.keys).toEqual([]);
    expect(reading.problems).toEqual(['entry 2: key must be the base64 of exactly 32 bytes (openssl rand -base64 32)']);
  });

  it('should report an empty entry left by a trailing comma', () => {
    const reading = parseEncryptionKeys(`k1:${material()},`);

    expect(reading.problems).toEqual(['entry 2 must be keyId:base64key']);
  });
});
