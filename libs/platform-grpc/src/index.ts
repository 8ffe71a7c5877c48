export { PlatformGrpcModule } from './platform-grpc.module';
export { PlatformGrpcServer } from './platform-grpc.server';
export { PlatformService } from './platform.service';
export { PublishEventCommand, TokenVerification } from './platform.types';
export { PlatformErrorCode, PlatformException } from './platform.errors';
export { platformGrpcConfig, PlatformGrpcConfig, DEFAULT_GRPC_PORT } from './config/platform-grpc.config';
export { INTERNAL_TOKEN_METADATA } from './grpc/internal-credential.guard';
export { ERROR_CODE_METADATA } from './grpc/unary-call.interceptor';
export { PLATFORM_SERVICE_NAME } from './grpc/platform-proto.loader';
