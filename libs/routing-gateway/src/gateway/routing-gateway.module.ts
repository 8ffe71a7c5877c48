import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '@switchyard/common';
import { ConfigType } from '@nestjs/config';
import { SpaceEntity, TenantEntity } from '@switchyard/database';
import { RealtimeModule } from '@switchyard/realtime';
import { RedisConnection } from '@switchyard/redis';
import { routingConfig } from '../config/routing.config';
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
import { RoutingSpacesRepository } from './routing-spaces.repository';
import { RoutingSpacesService } from './routing-spaces.service';
import { LocalShadowReportStore, RedisShadowReportStore, ShadowReportStore } from './shadow-report.store';

@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity, SpaceEntity]), RealtimeModule],
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
  exports: [RoutingState, RoutingConfigService, LegacyWrites],
})
export class RoutingGatewayModule {}
