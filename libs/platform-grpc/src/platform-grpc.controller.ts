import { Controller, UseFilters, UseGuards, UseInterceptors, UsePipes } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiExcludeController } from '@nestjs/swagger';
import { createValidationPipe } from '@switchyard/errors';
import { GrpcCallInterceptor } from './grpc/grpc-call.interceptor';
import { GrpcExceptionFilter } from './grpc/grpc-exception.filter';
import { InternalCredentialGuard } from './grpc/internal-credential.guard';
import { PLATFORM_SERVICE_NAME } from './grpc/platform-proto.loader';
import {
  GetSyncRunRequest,
  PublishEventRequest,
  PublishEventResponse,
  SyncRunMessage,
  VerifyTokenRequest,
  VerifyTokenResponse,
} from './grpc/platform.messages';
import { PlatformService } from './platform.service';

/** platform.v1.PlatformService: a proto message in, one service call, a proto message out. */
// Served over gRPC only; proto/platform.proto is its contract, so it stays out of the OpenAPI document.
@ApiExcludeController()
@Controller()
@UseGuards(InternalCredentialGuard)
@UseInterceptors(GrpcCallInterceptor)
@UsePipes(createValidationPipe())
@UseFilters(GrpcExceptionFilter)
export class PlatformGrpcController {
  constructor(private readonly platform: PlatformService) {}

  @GrpcMethod(PLATFORM_SERVICE_NAME, 'VerifyToken')
  async verifyToken(@Payload() request: VerifyTokenRequest): Promise<VerifyTokenResponse> {
    const verification = await this.platform.verifyToken(request.accessToken);
    if (!verification.valid) return { valid: false, userId: '', tenantId: '', role: '' };
    return { valid: true, userId: verification.userId, tenantId: verification.tenantId, role: verification.role };
  }

  @GrpcMethod(PLATFORM_SERVICE_NAME, 'PublishEvent')
  async publishEvent(@Payload() request: PublishEventRequest): Promise<PublishEventResponse> {
    await this.platform.publishEvent({
      tenantId: request.tenantId,
      event: request.event,
      dataJson: request.dataJson,
      topic: request.target === 'topic' ? request.topic : undefined,
      userId: request.target === 'userId' ? request.userId : undefined,
    });
    return { accepted: true };
  }

  @GrpcMethod(PLATFORM_SERVICE_NAME, 'GetSyncRun')
  async getSyncRun(@Payload() request: GetSyncRunRequest): Promise<SyncRunMessage> {
    const run = await this.platform.getSyncRun(request.tenantId, request.runId);
    return { id: run.id, jobId: run.jobId, status: run.status, rowsRead: run.rowsRead, rowsWritten: run.rowsWritten, error: run.error };
  }
}
