import { ConfigValidationError, validateEnvironment } from '@switchyard/config';
import { DEVELOPMENT_JWT_SECRET } from '@switchyard/auth';
import { CONFIG_DEFINITIONS } from './config.definitions';

const STRONG_SECRET = 'k3y-that-is-long-enough-for-hs256-0123456789';
const DATASOURCE_KEYS = `prod-1:${Buffer.alloc(32, 7).toString('base64')}`;

function problemsOf(variables: Record<string, string>): readonly string[] {
  try {
    validateEnvironment(variables, CONFIG_DEFINITIONS);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return error.problems;
  }
}

describe('CONFIG_DEFINITIONS', () => {
  describe('embedded profile', () => {
    it('should start with no configuration at all', () => {
      const problems = problemsOf({});

      expect(problems).toEqual([]);
    });

    it('should refuse several workers, which could not share in-process sessions, cache and locks', () => {
      const problems = problemsOf({ WORKERS: '2' });

      expect(problems).toEqual([expect.stringMatching(/^WORKERS: above 1 needs REDIS_URL and DATABASE_URL/)]);
    });
  });

  describe('production profile', () => {
    it('should refuse to start without DATABASE_URL, REDIS_URL, a real JWT secret and real datasource keys, naming each', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });

      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^DATABASE_URL: .*required when NODE_ENV=production/),
          expect.stringMatching(/^REDIS_URL: .*required when NODE_ENV=production/),
          expect.stringMatching(/^JWT_SECRET: .*placeholder/),
          expect.stringMatching(/^DATASOURCE_ENCRYPTION_KEYS: .*development key/),
        ]),
      );
    });

    it('should refuse the development JWT secret by name', () => {
      const problems = problemsOf({
        NODE_ENV: 'production',
        DATABASE_URL: 'mysql://db/x',
        REDIS_URL: 'redis://cache',
        PLATFORM_INTERNAL_TOKEN: 'internal-token-of-at-least-32-characters',
        JWT_SECRET: DEVELOPMENT_JWT_SECRET,
        DATASOURCE_ENCRYPTION_KEYS: DATASOURCE_KEYS,
      });

      expect(problems).toEqual([expect.stringMatching(/^JWT_SECRET: is a known placeholder/)]);
    });

    it('should refuse a JWT secret shorter than 32 bytes', () => {
      const problems = problemsOf({
        NODE_ENV: 'production',
        DATABASE_URL: 'mysql://db/x',
        REDIS_URL: 'redis://cache',
        PLATFORM_INTERNAL_TOKEN: 'internal-token-of-at-least-32-characters',
        JWT_SECRET: 'short-secret',
        DATASOURCE_ENCRYPTION_KEYS: DATASOURCE_KEYS,
      });

      expect(problems).toEqual([expect.stringMatching(/^JWT_SECRET: must be at least 32 bytes/)]);
    });

    it('should start with MySQL, Redis, a strong secret and real datasource keys', () => {
      const problems = problemsOf({
        NODE_ENV: 'production',
        DATABASE_URL: 'mysql://db/x',
        REDIS_URL: 'redis://cache',
        PLATFORM_INTERNAL_TOKEN: 'internal-token-of-at-least-32-characters',
        JWT_SECRET: STRONG_SECRET,
        DATASOURCE_ENCRYPTION_KEYS: DATASOURCE_KEYS,
      });

      expect(problems).toEqual([]);
    });
  });

  it('should reject malformed URLs and numbers with the key and the reason', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgres://db/x', REDIS_URL: 'localhost', DATABASE_POOL_SIZE: '0', LOG_FORMAT: 'xml' });

    expect(problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL: must be a mysql:// or mariadb:// URL',
        'REDIS_URL: must be a redis:// or rediss:// URL',
        expect.stringMatching(/^DATABASE_POOL_SIZE: .*not be less than 1/),
        expect.stringMatching(/^LOG_FORMAT: /),
      ]),
    );
  });

  it('should require the admin user and password together with BOOTSTRAP_TENANT', () => {
    const problems = problemsOf({ BOOTSTRAP_TENANT: 'acme' });

    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^BOOTSTRAP_ADMIN_USER: /), expect.stringMatching(/^BOOTSTRAP_ADMIN_PASSWORD: /)]),
    );
  });
});
