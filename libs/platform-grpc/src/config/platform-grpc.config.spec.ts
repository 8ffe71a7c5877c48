import { readEnvironment } from '@switchyard/config';
import { DEFAULT_GRPC_PORT, platformGrpcConfig } from './platform-grpc.config';

const FORMER_DEVELOPMENT_TOKEN = 'switchyard-development-internal-token-not-for-production';

const STRONG_TOKEN = 'a-real-internal-token-with-more-than-32-chars';

const problemsOf = (variables: Record<string, string>) => readEnvironment(platformGrpcConfig.environment, variables).problems;

function configFor(variables: Record<string, string>) {
  const saved = { ...process.env };
  for (const key of ['NODE_ENV', 'GRPC_ENABLED', 'GRPC_HOST', 'GRPC_PORT', 'GRPC_SHUTDOWN_GRACE_MS', 'PLATFORM_INTERNAL_TOKEN'])
    delete process.env[key];
  Object.assign(process.env, variables);
  try {
    return platformGrpcConfig.factory();
  } finally {
    process.env = saved;
  }
}

describe('platformGrpcConfig', () => {
  it('should serve on 127.0.0.1:50061 with a credential made for this process by default (embedded)', () => {
    const [first, second] = [configFor({ NODE_ENV: 'development' }), configFor({ NODE_ENV: 'development' })];

    expect(first).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: DEFAULT_GRPC_PORT,
      shutdownGraceMs: 5_000,
      healthCheckMs: 5_000,
      internalToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(second.internalToken).toBe(first.internalToken);
    expect(first.internalToken).not.toBe(FORMER_DEVELOPMENT_TOKEN);
  });

  it('should pick a free port under NODE_ENV=test unless GRPC_PORT is set, and take 0 as a free port', () => {
    const ports = [
      configFor({ NODE_ENV: 'test' }).port,
      configFor({ NODE_ENV: 'test', GRPC_PORT: '50099' }).port,
      configFor({ GRPC_PORT: '0' }).port,
    ];

    expect(ports).toEqual([0, 50099, 0]);
  });

  it('should refuse the former development credential everywhere, and a missing one in production', () => {
    const problems = [
      problemsOf({ NODE_ENV: 'development', PLATFORM_INTERNAL_TOKEN: FORMER_DEVELOPMENT_TOKEN }),
      problemsOf({ NODE_ENV: 'production' }),
    ];

    expect(problems).toEqual([
      [expect.stringMatching(/^PLATFORM_INTERNAL_TOKEN: is a published example or development value/)],
      [expect.stringMatching(/^PLATFORM_INTERNAL_TOKEN: is required when NODE_ENV=production/)],
    ]);
  });

  it('should accept a real credential in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', PLATFORM_INTERNAL_TOKEN: STRONG_TOKEN })).toEqual([]);
  });

  it('should refuse a credential shorter than 32 characters in any environment', () => {
    expect(problemsOf({ NODE_ENV: 'development', PLATFORM_INTERNAL_TOKEN: 'short' })).toEqual([
      expect.stringMatching(/^PLATFORM_INTERNAL_TOKEN: must be at least 32 characters/),
    ]);
  });

  it('should not ask for a credential when the server is disabled', () => {
    expect(problemsOf({ NODE_ENV: 'production', GRPC_ENABLED: 'false' })).toEqual([]);
  });

  it('should list every bad key', () => {
    const problems = problemsOf({ GRPC_ENABLED: 'maybe', GRPC_PORT: '70000', GRPC_SHUTDOWN_GRACE_MS: '-1' });

    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['GRPC_ENABLED', 'GRPC_PORT', 'GRPC_SHUTDOWN_GRACE_MS']);
  });
});
