import { Global, Module } from '@nestjs/common';
import { Clock } from '@switchyard/common';
import { CalciteClient } from './calcite.client';
import { SeaTunnelClient } from './seatunnel.client';

@Global()
@Module({
  providers: [Clock, CalciteClient, SeaTunnelClient],
  exports: [CalciteClient, SeaTunnelClient],
})
export class JvmBridgeModule {}
