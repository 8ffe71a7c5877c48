import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '@switchyard/common';
import { ConfigType } from '@nestjs/config';
import { SpaceEntity, TenantEntity } from '@switchyard/database';
import { RealtimeModule } from '@switchyard/realtime';
import { RedisConnection } from '@switchyard/redis';
import { routingConfig } from './config/routing.config';
import { RoutingSpacesRepository } from './admin/routing-spaces.repository';
import { RoutingSpacesService } from './admin/routing-spaces.service';
import { LocalShadowReportStore, RedisShadowReportStore, ShadowReportStore } from './shadow/shadow-report.store';
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
  imports: [TypeOrmModule.forFeature([TenantEntity, SpaceEntity]), RealtimeModule],
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
    RoutingSpacesRepository,
    RoutingSpacesService,
    // Picked once, like the event bus: shared through Redis across nodes, or this node's own when single-node.
    {
      provide: ShadowReportStore,
      inject: [RoutingState, RedisConnection, routingConfig.factory.KEY],
      useFactory: (state: RoutingState, redis: RedisConnection, config: ConfigType<typeof routingConfig.factory>) =>
        redis.configured ? new RedisShadowReportStore(state, redis, config.shadowReportTtlSeconds) : new LocalShadowReportStore(state),
    },
  ],
  exports: [LegacyWrites],
})
export class RoutingGatewayModule {}
