export { RealtimeModule } from './realtime.module';
export { RealtimePublisher } from './realtime.publisher';
export { ADMIN_TOPICS, AdminTopic, RealtimeEnvelope, RealtimeTarget, SPACE_TOPIC, WireMessage, isAdminTopic } from './realtime.message';
export { realtimeConfig } from './config/realtime.config';
export { UNAUTHORIZED_CLOSE_CODE } from './realtime.gateway';
export { RealtimeWsAdapter } from './realtime.ws-adapter';
