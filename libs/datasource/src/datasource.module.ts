import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '@switchyard/common';
import { DatasourceEntity } from '@switchyard/database';
import { TenancyModule } from '@switchyard/tenancy';
import { DatasourceController } from './datasource.controller';
import { DatasourceRepository } from './datasource.repository';
import { DatasourceService } from './datasource.service';
import { DatasourcePasswords } from './datasource-passwords';
import { DatasourceEgress } from './egress/datasource-egress';
import { HostResolver } from './egress/host.resolver';
import { PasswordCipher } from './password.cipher';

@Module({
  imports: [TypeOrmModule.forFeature([DatasourceEntity]), TenancyModule],
  controllers: [DatasourceController],
  providers: [Clock, DatasourceRepository, PasswordCipher, DatasourcePasswords, HostResolver, DatasourceEgress, DatasourceService],
  exports: [DatasourceService],
})
export class DatasourceModule {}
