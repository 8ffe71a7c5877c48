import { Module } from '@nestjs/common';
import { TenancyModule } from '@switchyard/tenancy';
import { BroadcastController } from './broadcast.controller';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeHub } from './realtime.hub';
import { RealtimePublisher } from './realtime.publisher';
import { RealtimeService } from './realtime.service';

@Module({
  imports: [TenancyModule],
  controllers: [BroadcastController],
  providers: [RealtimeHub, RealtimePublisher, RealtimeService, RealtimeGateway],
  exports: [RealtimePublisher],
})
export class RealtimeModule {}
