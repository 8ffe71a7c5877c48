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
}

export const realtimeConfig = defineConfig('realtime', RealtimeEnvironment, (environment) => ({
  heartbeatMs: environment.WS_HEARTBEAT_MS,
  maxTopicsPerClient: environment.WS_MAX_TOPICS_PER_CLIENT,
}));
