import { Module } from '@nestjs/common';
import { RealtimeModule } from '@switchyard/realtime';
import { SyncModule } from '@switchyard/sync';
import { InternalCredentialGuard } from './grpc/internal-credential.guard';
import { UnaryCallInterceptor } from './grpc/unary-call.interceptor';
import { PlatformGrpcHandlers } from './platform-grpc.handlers';
import { PlatformGrpcServer } from './platform-grpc.server';
import { PlatformService } from './platform.service';

/** Switchyard's own gRPC API for internal callers; token checks come from the global auth module. */
@Module({
  // SyncModule exports the SyncRunReader port (it is not global, so it has to be imported to be seen).
  imports: [RealtimeModule, SyncModule],
  providers: [PlatformService, InternalCredentialGuard, UnaryCallInterceptor, PlatformGrpcHandlers, PlatformGrpcServer],
  exports: [PlatformGrpcServer],
})
export class PlatformGrpcModule {}
