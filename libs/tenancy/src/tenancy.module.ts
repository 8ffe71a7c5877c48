import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordModule } from '@switchyard/auth';
import { SpaceEntity, SpaceMembershipEntity, TenantEntity, UserEntity } from '@switchyard/database';
import { BootstrapRepository } from './bootstrap/bootstrap.repository';
import { TenantBootstrapService } from './bootstrap/tenant-bootstrap.service';
import { TenancyLegacyWrites } from './legacy-writes/tenancy-legacy-writes';
import { SpaceAccessService } from './spaces/space-access.service';
import { SpacesController } from './spaces/spaces.controller';
import { SpacesRepository } from './spaces/spaces.repository';
import { SpaceReadFastPath } from './spaces/space-read.fast-path';
import { SpacesService } from './spaces/spaces.service';
import { TenancyUserDirectory } from './users/tenancy-user.directory';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity, UserEntity, SpaceEntity, SpaceMembershipEntity]), PasswordModule],
  controllers: [UsersController, SpacesController],
  providers: [
    BootstrapRepository,
    TenantBootstrapService,
    UsersRepository,
    UsersService,
    TenancyUserDirectory,
    SpacesRepository,
    SpaceAccessService,
    SpacesService,
    SpaceReadFastPath,
    TenancyLegacyWrites,
  ],
  exports: [TenantBootstrapService, TenancyUserDirectory, SpaceAccessService, TenancyLegacyWrites],
})
export class TenancyModule {}
