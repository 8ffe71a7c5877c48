import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { IsOptional, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;

class BootstrapEnvironment extends BaseEnvironment {
  @IsOptional()
  @Matches(SLUG, { message: 'must be a slug: lowercase letters, digits and dashes, 2-63 characters' })
  BOOTSTRAP_TENANT?: string;

  @ValidateIf(
    (environment: BootstrapEnvironment) => environment.BOOTSTRAP_TENANT !== undefined || environment.BOOTSTRAP_ADMIN_USER !== undefined,
  )
  @Matches(USERNAME, { message: 'must be 3-64 characters of letters, digits and ._@- (required with BOOTSTRAP_TENANT)' })
  BOOTSTRAP_ADMIN_USER?: string;

  @ValidateIf(
    (environment: BootstrapEnvironment) => environment.BOOTSTRAP_TENANT !== undefined || environment.BOOTSTRAP_ADMIN_PASSWORD !== undefined,
  )
  @MinLength(12, { message: 'must be at least 12 characters (required with BOOTSTRAP_TENANT)' })
  @MaxLength(256)
  BOOTSTRAP_ADMIN_PASSWORD?: string;
}

export type BootstrapConfig = { enabled: false } | { enabled: true; tenant: string; adminUser: string; adminPassword: string };

export const bootstrapConfig = defineConfig('bootstrap', BootstrapEnvironment, (environment): BootstrapConfig =>
  environment.BOOTSTRAP_TENANT && environment.BOOTSTRAP_ADMIN_USER && environment.BOOTSTRAP_ADMIN_PASSWORD
    ? {
        enabled: true,
        tenant: environment.BOOTSTRAP_TENANT,
        adminUser: environment.BOOTSTRAP_ADMIN_USER,
        adminPassword: environment.BOOTSTRAP_ADMIN_PASSWORD,
      }
    : { enabled: false },
);
