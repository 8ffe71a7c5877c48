import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min, MinLength, ValidateIf, registerDecorator } from 'class-validator';

/** The development default; production refuses it, like any other well-known placeholder. */
export const DEVELOPMENT_JWT_SECRET = 'switchyard-development-secret-do-not-use-in-production';
const PLACEHOLDER_SECRETS = new Set([DEVELOPMENT_JWT_SECRET, 'changeme', 'change-me', 'secret', 'jwt-secret', 'your-secret', 'your-256-bit-secret', 'please-change-me']);

function NotPlaceholderInProduction(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notPlaceholderInProduction',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as BaseEnvironment).NODE_ENV !== 'production' || !PLACEHOLDER_SECRETS.has(String(value).toLowerCase()),
        defaultMessage: () => 'is a known placeholder secret and is refused when NODE_ENV=production',
      },
    });
}

class AuthEnvironment extends BaseEnvironment {
  @IsString() @IsNotEmpty() @NotPlaceholderInProduction()
  @ValidateIf((environment: AuthEnvironment) => environment.NODE_ENV === 'production')
  @MinLength(32, { message: 'must be at least 32 bytes when NODE_ENV=production' })
  JWT_SECRET: string = DEVELOPMENT_JWT_SECRET;

  @IsIn(['HS256', 'HS384', 'HS512'])
  JWT_ALGORITHM: string = 'HS256';

  @IsString() @IsNotEmpty()
  JWT_ISSUER: string = 'switchyard';

  @IsString() @IsNotEmpty()
  JWT_AUDIENCE: string = 'switchyard-api';

  @IsInt() @Min(30) @Max(86_400)
  JWT_ACCESS_TTL_SECONDS: number = 900;
}

export const authConfig = defineConfig('auth', AuthEnvironment, (environment) => ({
  jwtSecret: environment.JWT_SECRET,
  jwtAlgorithm: environment.JWT_ALGORITHM as 'HS256' | 'HS384' | 'HS512',
  jwtIssuer: environment.JWT_ISSUER,
  jwtAudience: environment.JWT_AUDIENCE,
  accessTtlSeconds: environment.JWT_ACCESS_TTL_SECONDS,
}));

export type AuthConfig = ReturnType<typeof authConfig.factory>;
