import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '@switchyard/common';
import { TenantEntity } from '@switchyard/database';
import { RealtimeModule } from '@switchyard/realtime';
import { FallbackRunner } from './proxy/fallback.runner';
import { LegacyForwarder } from './proxy/legacy.forwarder';
import { LegacyRequestBuilder } from './proxy/legacy-request.builder';
import { LegacyProxy } from './proxy/legacy.proxy';
import { LegacyWrites } from './proxy/legacy-writes';
import { RequestIdentityResolver } from './decision/request-identity.resolver';
import { RoutingAdminController } from './admin/routing-admin.controller';
import { RoutingAdminService } from './admin/routing-admin.service';
import { RoutingConfigService } from './document/routing-config.service';
import { RoutingRulesRepository } from './document/routing-rules.repository';
import { RoutingTenantsRepository } from './decision/routing-tenants.repository';
import { RoutingFiguresPublisher } from './admin/routing-figures.publisher';
import { RollbackRecorder } from './rollback/rollback.recorder';
import { RoutingGateway } from './routing.gateway';
import { ShadowRunner } from './shadow/shadow.runner';
import { RoutingMetrics } from './routing.metrics';
import { RoutingState } from './document/routing.state';

@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity]), RealtimeModule],
  controllers: [RoutingAdminController],
  providers: [
    Clock,
    RoutingState,
    RoutingMetrics,
    LegacyProxy,
    LegacyRequestBuilder,
    LegacyForwarder,
    FallbackRunner,
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
  exports: [LegacyWrites],
})
export class RoutingGatewayModule {}
