import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantEntity, UserEntity } from '@switchyard/database';
import { BootstrapRepository } from './bootstrap/bootstrap.repository';
import { TenantBootstrapService } from './bootstrap/tenant-bootstrap.service';
import { PasswordHasher } from './password.hasher';

@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity, UserEntity])],
  providers: [PasswordHasher, BootstrapRepository, TenantBootstrapService],
  exports: [PasswordHasher, TenantBootstrapService],
})
export class TenancyModule {}
