import { Injectable } from '@nestjs/common';
import {
  GetSyncRunRequest,
  PlatformMethods,
  PublishEventRequest,
  PublishEventResponse,
  SyncRunMessage,
  VerifyTokenRequest,
  VerifyTokenResponse,
} from './grpc/platform.messages';
import { PlatformService } from './platform.service';

/** Thin handlers of platform.v1.PlatformService: a proto message in, one service call, a proto message out. */
@Injectable()
export class PlatformGrpcHandlers {
  constructor(private readonly platform: PlatformService) {}

  methods(): PlatformMethods {
    return {
      VerifyToken: (request) => this.verifyToken(request),
      PublishEvent: (request) => this.publishEvent(request),
      GetSyncRun: (request) => this.getSyncRun(request),
    };
  }

  private async verifyToken(request: VerifyTokenRequest): Promise<VerifyTokenResponse> {
    const verification = await this.platform.verifyToken(request.accessToken);
    if (!verification.valid) return { valid: false, userId: '', tenantId: '', role: '' };
    return { valid: true, userId: verification.userId, tenantId: verification.tenantId, role: verification.role };
  }

  private async publishEvent(request: PublishEventRequest): Promise<PublishEventResponse> {
    await this.platform.publishEvent({
      tenantId: request.tenantId,
      event: request.event,
      dataJson: request.dataJson,
      topic: request.target === 'topic' ? request.topic : undefined,
      userId: request.target === 'userId' ? request.userId : undefined,
    });
    return { accepted: true };
  }

  private async getSyncRun(request: GetSyncRunRequest): Promise<SyncRunMessage> {
    const run = await this.platform.getSyncRun(request.tenantId, request.runId);
    return { id: run.id, jobId: run.jobId, status: run.status, rowsRead: run.rowsRead, rowsWritten: run.rowsWritten, error: run.error };
  }
}
