export { TenancyModule } from './tenancy.module';
export { PasswordHasher } from './password.hasher';
export { TenantBootstrapService, BootstrapOutcome } from './bootstrap/tenant-bootstrap.service';
export { bootstrapConfig } from './config/bootstrap.config';
