import { AppException } from '@switchyard/errors';

export enum PlatformErrorCode {
  InvalidInternalCredential = 'INVALID_INTERNAL_CREDENTIAL',
  SyncRunNotFound = 'SYNC_RUN_NOT_FOUND',
  SyncRunsUnavailable = 'SYNC_RUNS_UNAVAILABLE',
}

const STATUS: Record<PlatformErrorCode, number> = {
  [PlatformErrorCode.InvalidInternalCredential]: 401,
  [PlatformErrorCode.SyncRunNotFound]: 404,
  [PlatformErrorCode.SyncRunsUnavailable]: 503,
};

export class PlatformException extends AppException {
  constructor(code: PlatformErrorCode, message: string, details?: unknown) {
    super(code, STATUS[code], message, details);
  }
}
