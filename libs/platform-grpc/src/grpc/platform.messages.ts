// The messages of proto/platform.proto as @grpc/proto-loader hands them over (camelCase, int64 as number).

export interface VerifyTokenRequest {
  accessToken: string;
}

export interface VerifyTokenResponse {
  valid: boolean;
  userId: string;
  tenantId: string;
  role: string;
}

export interface PublishEventRequest {
  tenantId: string;
  event: string;
  dataJson: string;
  topic?: string;
  userId?: string;
  /** Which member of the `target` oneof is set, if any. */
  target?: 'topic' | 'userId';
}

export interface PublishEventResponse {
  accepted: boolean;
}

export interface GetSyncRunRequest {
  tenantId: string;
  runId: string;
}

export interface SyncRunMessage {
  id: string;
  jobId: string;
  status: string;
  rowsRead: number;
  rowsWritten: number;
  error: string;
}

/** One async function per rpc of platform.v1.PlatformService. */
export type PlatformMethods = {
  VerifyToken(request: VerifyTokenRequest): Promise<VerifyTokenResponse>;
  PublishEvent(request: PublishEventRequest): Promise<PublishEventResponse>;
  GetSyncRun(request: GetSyncRunRequest): Promise<SyncRunMessage>;
};
