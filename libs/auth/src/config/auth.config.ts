import { BaseEnvironment, Secret, defineConfig, processSecret } from '@switchyard/config';
import { TENANT_SLUG_PATTERN } from '@switchyard/database';
import { IsDefined, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

/** What JWT_SECRET used to default to: published in this repository, so refused like any placeholder. */
const FORMER_DEVELOPMENT_SECRET = 'switchyard-development-secret-do-not-use-in-production';

class AuthEnvironment extends BaseEnvironment {
  // No default: a shared deployment must set it; the embedded profile generates one per process.
  @Secret({ minLength: 32, placeholders: [FORMER_DEVELOPMENT_SECRET, 'jwt-secret', 'your-256-bit-secret'] })
  JWT_SECRET?: string;

  @IsIn(['HS256', 'HS384', 'HS512'])
  JWT_ALGORITHM: string = 'HS256';

  @IsString()
  @IsNotEmpty()
  JWT_ISSUER: string = 'switchyard';

  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE: string = 'switchyard-api';

  @IsInt()
  @Min(30)
  @Max(86_400)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(60)
  @Max(2_592_000)
  SESSION_IDLE_TTL_SECONDS: number = 86_400;

  @IsInt()
  @Min(60)
  @Max(31_536_000)
  SESSION_ABSOLUTE_TTL_SECONDS: number = 2_592_000;

  @IsInt()
  @Min(0)
  @Max(60_000)
  REFRESH_GRACE_MS: number = 10_000;

  @IsInt()
  @Min(0)
  @Max(30_000)
  SESSION_CHECK_CACHE_MS: number = 2_000;

  @IsInt()
  @Min(0)
  @Max(3_600_000)
  SESSION_OUTAGE_GRACE_MS: number = 300_000;

  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_THROTTLE_IP_LIMIT: number = 20;

  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_THROTTLE_USER_LIMIT: number = 5;

  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  LOGIN_THROTTLE_WINDOW_MS: number = 60_000;

  // Its admins steer platform-wide settings for every tenant: in production it is named, never inferred.
  @ValidateIf(
    (environment: AuthEnvironment) =>
      (environment.NODE_ENV === 'production' && !environment.BOOTSTRAP_TENANT) || environment.PLATFORM_TENANT !== undefined,
  )
  @IsDefined({ message: 'is required when NODE_ENV=production (or set BOOTSTRAP_TENANT: that tenant is then the platform tenant)' })
  @Matches(TENANT_SLUG_PATTERN, { message: 'must be a tenant slug' })
  PLATFORM_TENANT?: string;

  // Validated by the tenancy lib; read here because it is the platform tenant when PLATFORM_TENANT is unset.
  @IsOptional()
  @IsString()
  BOOTSTRAP_TENANT?: string;
}

export const authConfig = defineConfig('auth', AuthEnvironment, (environment) => ({
  jwtSecret: environment.JWT_SECRET ?? processSecret('JWT_SECRET'),
  jwtAlgorithm: environment.JWT_ALGORITHM as 'HS256' | 'HS384' | 'HS512',
  jwtIssuer: environment.JWT_ISSUER,
  jwtAudience: environment.JWT_AUDIENCE,
  accessTtlSeconds: environment.JWT_ACCESS_TTL_SECONDS,
  sessionIdleTtlSeconds: environment.SESSION_IDLE_TTL_SECONDS,
  sessionAbsoluteTtlSeconds: environment.SESSION_ABSOLUTE_TTL_SECONDS,
  refreshGraceMs: environment.REFRESH_GRACE_MS,
  sessionCheckCacheMs: environment.SESSION_CHECK_CACHE_MS,
  sessionOutageGraceMs: environment.SESSION_OUTAGE_GRACE_MS,
  loginThrottle: {
    ipLimit: environment.LOGIN_THROTTLE_IP_LIMIT,
    userLimit: environment.LOGIN_THROTTLE_USER_LIMIT,
    windowMs: environment.LOGIN_THROTTLE_WINDOW_MS,
  },
  platformTenant: environment.PLATFORM_TENANT ?? environment.BOOTSTRAP_TENANT,
}));

export type AuthConfig = ReturnType<typeof authConfig.factory>;
