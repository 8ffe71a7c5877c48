import { Module } from '@nestjs/common';
import { RealtimeModule } from '@switchyard/realtime';
import { SyncModule } from '@switchyard/sync';
import { GrpcServerMetrics } from './grpc/grpc-server.metrics';
import { PlatformGrpcController } from './platform-grpc.controller';
import { PlatformGrpcServer } from './platform-grpc.server';
import { PlatformService } from './platform.service';

/**
 * Switchyard's own gRPC API for internal callers, served by Nest's gRPC transport (connectPlatformGrpc);
 * token checks come from the global auth module.
 */
@Module({
  // SyncModule exports the SyncRunReader port (it is not global, so it has to be imported to be seen).
  imports: [RealtimeModule, SyncModule],
  controllers: [PlatformGrpcController],
  providers: [PlatformService, GrpcServerMetrics, PlatformGrpcServer],
  exports: [PlatformGrpcServer],
})
export class PlatformGrpcModule {}
