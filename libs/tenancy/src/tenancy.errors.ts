import { AppException } from '@switchyard/errors';

export enum TenancyErrorCode {
  SpaceNotFound = 'SPACE_NOT_FOUND',
  UserNotFound = 'USER_NOT_FOUND',
  UsernameTaken = 'USERNAME_TAKEN',
  SpaceNameTaken = 'SPACE_NAME_TAKEN',
  Forbidden = 'FORBIDDEN',
  InvalidCursor = 'INVALID_CURSOR',
}

const STATUS: Record<TenancyErrorCode, number> = {
  [TenancyErrorCode.SpaceNotFound]: 404,
  [TenancyErrorCode.UserNotFound]: 404,
  [TenancyErrorCode.UsernameTaken]: 409,
  [TenancyErrorCode.SpaceNameTaken]: 409,
  [TenancyErrorCode.Forbidden]: 403,
  [TenancyErrorCode.InvalidCursor]: 400,
};

export class TenancyException extends AppException {
  constructor(code: TenancyErrorCode, message: string, details?: unknown) {
    super(code, STATUS[code], message, details);
  }
}

/** Another tenant's object and an invisible one answer the same: it does not exist for the caller. */
export const spaceNotFound = (id: string): TenancyException =>
  new TenancyException(TenancyErrorCode.SpaceNotFound, `Space ${id} not found`);
