import { AppException } from '@switchyard/errors';

export enum PlanErrorCode {
  FileNotFound = 'PLAN_FILE_NOT_FOUND',
  FileUnreadable = 'PLAN_FILE_UNREADABLE',
  PlanInvalid = 'PLAN_INVALID',
}

/** The one exception of the plan capability; the global filter turns it into the API error shape. */
export class PlanException extends AppException {
  constructor(
    override readonly code: PlanErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, httpStatusOf(code), message, details);
    this.name = 'PlanException';
  }
}

function httpStatusOf(code: PlanErrorCode): number {
  switch (code) {
    case PlanErrorCode.FileNotFound:
    case PlanErrorCode.FileUnreadable:
      // The server's own plan file is missing: a deployment fault, not the caller's.
      return 500;
    case PlanErrorCode.PlanInvalid:
      return 422;
  }
}
