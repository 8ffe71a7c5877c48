export { PlatformGrpcModule } from './platform-grpc.module';
export { PlatformGrpcServer, connectPlatformGrpc } from './platform-grpc.server';
export { platformGrpcConfig, PlatformGrpcConfig } from './config/platform-grpc.config';
