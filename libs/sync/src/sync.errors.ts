import { AppException } from '@switchyard/errors';

export enum SyncErrorCode {
  JobNotFound = 'SYNC_JOB_NOT_FOUND',
  RunNotFound = 'SYNC_RUN_NOT_FOUND',
  JobNameTaken = 'SYNC_JOB_NAME_TAKEN',
  RunFinished = 'SYNC_RUN_FINISHED',
}

const STATUS: Record<SyncErrorCode, number> = {
  [SyncErrorCode.JobNotFound]: 404,
  [SyncErrorCode.RunNotFound]: 404,
  [SyncErrorCode.JobNameTaken]: 409,
  [SyncErrorCode.RunFinished]: 409,
};

export class SyncException extends AppException {
  constructor(code: SyncErrorCode, message: string, details?: unknown) {
    super(code, STATUS[code], message, details);
  }
}
