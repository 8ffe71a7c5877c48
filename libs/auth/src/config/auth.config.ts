import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min, MinLength, ValidateIf, registerDecorator } from 'class-validator';

/** The development default; production refuses it, like any other well-known placeholder. */
export const DEVELOPMENT_JWT_SECRET = 'switchyard-development-secret-do-not-use-in-production';
const PLACEHOLDER_SECRETS = new Set([
  DEVELOPMENT_JWT_SECRET,
  'changeme',
  'change-me',
  'secret',
  'jwt-secret',
  'your-secret',
  'your-256-bit-secret',
  'please-change-me',
]);

function NotPlaceholder(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notPlaceholder',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => !PLACEHOLDER_SECRETS.has(String(value).toLowerCase()),
        defaultMessage: () => 'is a known placeholder secret and is refused when NODE_ENV=production',
      },
    });
}

class AuthEnvironment extends BaseEnvironment {
  // Only checked in production: development runs on the documented placeholder.
  @ValidateIf((environment: AuthEnvironment) => environment.NODE_ENV === 'production')
  @IsString()
  @IsNotEmpty()
  @NotPlaceholder()
  @MinLength(32, { message: 'must be at least 32 bytes when NODE_ENV=production' })
  JWT_SECRET: string = DEVELOPMENT_JWT_SECRET;

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
}

export const authConfig = defineConfig('auth', AuthEnvironment, (environment) => ({
  jwtSecret: environment.JWT_SECRET,
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
}));

export type AuthConfig = ReturnType<typeof authConfig.factory>;
