import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { TENANT_SLUG_PATTERN, USERNAME_PATTERN } from '@switchyard/database';
import { IsOptional, Matches, MaxLength, MinLength, ValidateIf, registerDecorator } from 'class-validator';

/** Passwords this project's documentation has shown as examples: an admin created with one is anyone's. */
const DOCUMENTED_EXAMPLES = ['change-this-password'];

function NotADocumentedExample(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notADocumentedExample',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !DOCUMENTED_EXAMPLES.includes(value.toLowerCase()),
        defaultMessage: () => 'is an example from the documentation and is refused: choose a password of your own',
      },
    });
}

class BootstrapEnvironment extends BaseEnvironment {
  @IsOptional()
  @Matches(TENANT_SLUG_PATTERN, { message: 'must be a slug: lowercase letters, digits and dashes, 2-63 characters' })
  BOOTSTRAP_TENANT?: string;

  @ValidateIf(
    (environment: BootstrapEnvironment) => environment.BOOTSTRAP_TENANT !== undefined || environment.BOOTSTRAP_ADMIN_USER !== undefined,
  )
  @Matches(USERNAME_PATTERN, { message: 'must be 3-64 characters of letters, digits and ._@- (required with BOOTSTRAP_TENANT)' })
  BOOTSTRAP_ADMIN_USER?: string;

  @ValidateIf(
    (environment: BootstrapEnvironment) => environment.BOOTSTRAP_TENANT !== undefined || environment.BOOTSTRAP_ADMIN_PASSWORD !== undefined,
  )
  @MinLength(12, { message: 'must be at least 12 characters (required with BOOTSTRAP_TENANT)' })
  @MaxLength(256)
  @NotADocumentedExample()
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
