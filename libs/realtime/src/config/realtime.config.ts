import { BaseEnvironment, defineConfig } from '@switchyard/config';
import { IsInt, Max, Min } from 'class-validator';

class RealtimeEnvironment extends BaseEnvironment {
  @IsInt()
  @Min(50)
  @Max(600_000)
  WS_HEARTBEAT_MS: number = 30_000;

  @IsInt()
  @Min(1)
  @Max(10_000)
  WS_MAX_TOPICS_PER_CLIENT: number = 100;

  @IsInt()
  @Min(1_024)
  @Max(16_777_216)
  WS_MAX_PAYLOAD_BYTES: number = 65_536;

  @IsInt()
  @Min(16_384)
  @Max(268_435_456)
  WS_MAX_BUFFERED_BYTES: number = 1_048_576;
}

export const realtimeConfig = defineConfig('realtime', RealtimeEnvironment, (environment) => ({
  heartbeatMs: environment.WS_HEARTBEAT_MS,
  maxTopicsPerClient: environment.WS_MAX_TOPICS_PER_CLIENT,
  maxPayloadBytes: environment.WS_MAX_PAYLOAD_BYTES,
  maxBufferedBytes: environment.WS_MAX_BUFFERED_BYTES,
}));
