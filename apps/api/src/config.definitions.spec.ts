import { ConfigValidationError, validateEnvironment } from '@switchyard/config';
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

  describe('shared deployments (production, or MySQL/Redis configured)', () => {
    const complete = {
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://db/x',
      REDIS_URL: 'redis://cache',
      PLATFORM_INTERNAL_TOKEN: 'internal-token-of-at-least-32-characters',
      JWT_SECRET: STRONG_SECRET,
      DATASOURCE_ENCRYPTION_KEYS: DATASOURCE_KEYS,
      PLATFORM_TENANT: 'platform',
    };

    it('should refuse production without MySQL, Redis, secrets and a platform tenant, naming each', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });

      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^DATABASE_URL: .*required when NODE_ENV=production/),
          expect.stringMatching(/^REDIS_URL: .*required when NODE_ENV=production/),
          expect.stringMatching(/^JWT_SECRET: is required when NODE_ENV=production or DATABASE_URL\/REDIS_URL is set/),
          expect.stringMatching(/^DATASOURCE_ENCRYPTION_KEYS: is required/),
          expect.stringMatching(/^PLATFORM_INTERNAL_TOKEN: is required/),
          expect.stringMatching(/^PLATFORM_TENANT: is required when NODE_ENV=production/),
        ]),
      );
    });

    it('should refuse to run on defaults when MySQL or Redis is configured but NODE_ENV was forgotten', () => {
      const forgotten = problemsOf({ DATABASE_URL: 'mysql://db/x', REDIS_URL: 'redis://cache' });
      const explicitlyDevelopment = problemsOf({ NODE_ENV: 'development', REDIS_URL: 'redis://cache' });

      for (const problems of [forgotten, explicitlyDevelopment]) {
        expect(problems).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^JWT_SECRET: is required/),
            expect.stringMatching(/^DATASOURCE_ENCRYPTION_KEYS: is required/),
            expect.stringMatching(/^PLATFORM_INTERNAL_TOKEN: is required/),
          ]),
        );
      }
    });

    it.each([
      ['JWT_SECRET', 'switchyard-development-secret-do-not-use-in-production'],
      ['JWT_SECRET', 'changeme'],
      ['PLATFORM_INTERNAL_TOKEN', 'switchyard-development-internal-token-not-for-production'],
      ['DATASOURCE_ENCRYPTION_KEYS', 'dev:c3dpdGNoeWFyZC1kZXYtZGF0YXNvdXJjZS1rZXktMzI='],
    ])('should refuse the published value of %s wherever it runs', (name, value) => {
      const inProduction = problemsOf({ ...complete, [name]: value });
      const embedded = problemsOf({ [name]: value });

      expect(inProduction).toEqual([expect.stringMatching(new RegExp(`^${name}: .*(published|example|development)`))]);
      expect(embedded).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
    });

    it('should refuse a JWT secret shorter than 32 characters', () => {
      const problems = problemsOf({ ...complete, JWT_SECRET: 'short-but-not-a-placeholder' });

      expect(problems).toEqual([expect.stringMatching(/^JWT_SECRET: must be at least 32 characters/)]);
    });

    it('should refuse the example password of the documentation for the bootstrap admin', () => {
      const problems = problemsOf({
        BOOTSTRAP_TENANT: 'acme',
        BOOTSTRAP_ADMIN_USER: 'admin',
        BOOTSTRAP_ADMIN_PASSWORD: 'change-this-password',
      });

      expect(problems).toEqual([expect.stringMatching(/^BOOTSTRAP_ADMIN_PASSWORD: is an example from the documentation/)]);
    });

    it('should accept the bootstrap tenant as the named platform tenant', () => {
      const withoutPlatformTenant: Record<string, string> = { ...complete };
      delete withoutPlatformTenant.PLATFORM_TENANT;

      const problems = problemsOf({
        ...withoutPlatformTenant,
        BOOTSTRAP_TENANT: 'acme',
        BOOTSTRAP_ADMIN_USER: 'admin',
        BOOTSTRAP_ADMIN_PASSWORD: 'a-password-of-our-own-42',
      });

      expect(problems).toEqual([]);
    });

    it('should start with MySQL, Redis, strong secrets, real datasource keys and a platform tenant', () => {
      const problems = problemsOf(complete);

      expect(problems).toEqual([]);
    });
  });

  describe('METRICS_ACCESS and DOCS_ACCESS', () => {
    const SCRAPE_TOKEN = 'a-scrape-token-that-is-long-enough-0123456789';
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://db/x',
      REDIS_URL: 'redis://cache',
      PLATFORM_INTERNAL_TOKEN: 'internal-token-of-at-least-32-characters',
      JWT_SECRET: STRONG_SECRET,
      DATASOURCE_ENCRYPTION_KEYS: DATASOURCE_KEYS,
      PLATFORM_TENANT: 'platform',
    };

    it('should start in production with neither set (both default to off)', () => {
      const problems = problemsOf(production);

      expect(problems).toEqual([]);
    });

    it('should require the token of each endpoint in token mode, in every profile', () => {
      const embedded = problemsOf({ METRICS_ACCESS: 'token', DOCS_ACCESS: 'token' });
      const inProduction = problemsOf({ ...production, METRICS_ACCESS: 'token', DOCS_ACCESS: 'token' });

      for (const problems of [embedded, inProduction]) {
        expect(problems).toEqual([
          'DOCS_TOKEN: is required with DOCS_ACCESS=token',
          'METRICS_TOKEN: is required with METRICS_ACCESS=token',
        ]);
      }
    });

    it('should refuse a token with a mode that does not use it, naming the default it fell back to', () => {
      const problems = problemsOf({ ...production, METRICS_TOKEN: SCRAPE_TOKEN, DOCS_ACCESS: 'open', DOCS_TOKEN: SCRAPE_TOKEN });

      expect(problems).toEqual([
        'DOCS_TOKEN: is set but DOCS_ACCESS is open: set DOCS_ACCESS=token to require it, or remove it',
        'METRICS_TOKEN: is set but METRICS_ACCESS is off (its default when NODE_ENV=production): set METRICS_ACCESS=token to require it, or remove it',
      ]);
    });

    it('should refuse an unknown mode, and a short or published token', () => {
      const problems = problemsOf({ METRICS_ACCESS: 'public', DOCS_ACCESS: 'token', DOCS_TOKEN: 'short-token' });
      const placeholder = problemsOf({ METRICS_ACCESS: 'token', METRICS_TOKEN: 'changeme' });

      expect(problems).toEqual(['DOCS_TOKEN: must be at least 32 characters', 'METRICS_ACCESS: must be one of off, token, open']);
      expect(placeholder).toEqual([expect.stringMatching(/^METRICS_TOKEN: is a published example/)]);
    });

    it('should accept token mode with long enough tokens', () => {
      const problems = problemsOf({
        ...production,
        METRICS_ACCESS: 'token',
        METRICS_TOKEN: SCRAPE_TOKEN,
        DOCS_ACCESS: 'token',
        DOCS_TOKEN: `${SCRAPE_TOKEN}-docs`,
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
