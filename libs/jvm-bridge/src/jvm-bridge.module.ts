import { Global, Module } from '@nestjs/common';
import { Clock } from '@switchyard/common';
import { CalciteClient } from './calcite.client';
import { JvmMetrics } from './grpc/jvm.metrics';
import { SeaTunnelClient } from './seatunnel.client';

@Global()
@Module({
  providers: [Clock, JvmMetrics, CalciteClient, SeaTunnelClient],
  exports: [CalciteClient, SeaTunnelClient],
})
export class JvmBridgeModule {}
