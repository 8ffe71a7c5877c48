export { TenancyModule } from './tenancy.module';
export { TenantBootstrapService, BootstrapOutcome } from './bootstrap/tenant-bootstrap.service';
export { bootstrapConfig } from './config/bootstrap.config';
export { TenancyUserDirectory } from './users/tenancy-user.directory';
export { SpaceAccessService } from './spaces/space-access.service';
export { SpaceAction } from './spaces/space-access.policy';
export { SpaceDto } from './spaces/space.dto';
export { Page, PageQueryDto, Position, decodeCursor, toPage } from './pagination/page';
export { TenancyErrorCode, TenancyException } from './tenancy.errors';
