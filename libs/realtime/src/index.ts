export { RealtimeModule } from './realtime.module';
export { RealtimePublisher } from './realtime.publisher';
export { RealtimeEnvelope, RealtimeTarget, SPACE_TOPIC, WireMessage } from './realtime.message';
export { realtimeConfig } from './config/realtime.config';
export { UNAUTHORIZED_CLOSE_CODE } from './realtime.gateway';
export { RealtimeWsAdapter } from './realtime.ws-adapter';
