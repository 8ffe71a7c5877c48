/**
 * The one exception type of every capability: a stable code, the HTTP status it maps to, a message
 * that is safe to show, and optional details. Capabilities define their codes as enums.
 */
export class AppException extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppException';
  }
}

export interface FieldError {
  field: string;
  reason: string;
}

export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  NotFound = 'NOT_FOUND',
  DependencyUnavailable = 'DEPENDENCY_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

export class ValidationFailedException extends AppException {
  constructor(readonly fieldErrors: FieldError[]) {
    super(CommonErrorCode.ValidationFailed, 400, fieldErrors.map((error) => error.reason).join('; ') || 'Validation failed', fieldErrors);
  }
}

/** A dependency the request needs is down: 503 naming it, so operators and clients know what to wait for. */
export class DependencyUnavailableException extends AppException {
  constructor(
    readonly dependency: string,
    cause?: unknown,
  ) {
    super(CommonErrorCode.DependencyUnavailable, 503, `${dependency} is unavailable`, { dependency }, { 'Retry-After': '5' });
    this.cause = cause;
  }
}
