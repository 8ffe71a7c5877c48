import { Module } from '@nestjs/common';
import { Clock } from '@switchyard/common';
import { TenancyModule } from '@switchyard/tenancy';
import { BroadcastController } from './broadcast.controller';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeHub } from './realtime.hub';
import { RealtimePublisher } from './realtime.publisher';
import { RealtimeService } from './realtime.service';
import { RealtimeSessionWatch } from './realtime.session-watch';

@Module({
  imports: [TenancyModule],
  controllers: [BroadcastController],
  providers: [Clock, RealtimeHub, RealtimePublisher, RealtimeService, RealtimeSessionWatch, RealtimeGateway],
  exports: [RealtimePublisher],
})
export class RealtimeModule {}
