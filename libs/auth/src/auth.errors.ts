import { AppException } from '@switchyard/errors';

export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  MissingToken = 'MISSING_TOKEN',
  InvalidToken = 'INVALID_TOKEN',
  SessionRevoked = 'SESSION_REVOKED',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
  Forbidden = 'FORBIDDEN',
  TooManyAttempts = 'TOO_MANY_LOGIN_ATTEMPTS',
}

const STATUS: Record<AuthErrorCode, number> = {
  [AuthErrorCode.InvalidCredentials]: 401,
  [AuthErrorCode.MissingToken]: 401,
  [AuthErrorCode.InvalidToken]: 401,
  [AuthErrorCode.SessionRevoked]: 401,
  [AuthErrorCode.InvalidRefreshToken]: 401,
  [AuthErrorCode.RefreshTokenReused]: 401,
  [AuthErrorCode.Forbidden]: 403,
  [AuthErrorCode.TooManyAttempts]: 429,
};

export class AuthException extends AppException {
  constructor(code: AuthErrorCode, message: string, headers: Record<string, string> = {}) {
    super(code, STATUS[code], message, undefined, STATUS[code] === 401 ? { 'WWW-Authenticate': 'Bearer', ...headers } : headers);
  }
}
