import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '@switchyard/common';
import { TenantEntity } from '@switchyard/database';
import { RealtimeModule } from '@switchyard/realtime';
import { LegacyProxy } from './legacy.proxy';
import { LegacyWrites } from './legacy-writes';
import { RequestIdentityResolver } from './request-identity.resolver';
import { RoutingAdminController } from './routing-admin.controller';
import { RoutingAdminService } from './routing-admin.service';
import { RoutingConfigService } from './routing-config.service';
import { RoutingRulesRepository } from './routing-rules.repository';
import { RoutingTenantsRepository } from './routing-tenants.repository';
import { RoutingFiguresPublisher } from './routing-figures.publisher';
import { RollbackRecorder } from './rollback.recorder';
import { RoutingGateway } from './routing.gateway';
import { ShadowRunner } from './shadow.runner';
import { RoutingMetrics } from './routing.metrics';
import { RoutingState } from './routing.state';

@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity]), RealtimeModule],
  controllers: [RoutingAdminController],
  providers: [
    Clock,
    RoutingState,
    RoutingMetrics,
    LegacyProxy,
    LegacyWrites,
    RoutingRulesRepository,
    RoutingConfigService,
    RequestIdentityResolver,
    RollbackRecorder,
    ShadowRunner,
    RoutingGateway,
    RoutingAdminService,
    RoutingTenantsRepository,
    RoutingFiguresPublisher,
  ],
  exports: [RoutingState, RoutingConfigService, LegacyWrites],
})
export class RoutingGatewayModule {}
