import { AppException } from '@switchyard/errors';

export enum RoutingErrorCode {
  InvalidRoutingDocument = 'INVALID_ROUTING_DOCUMENT',
  UnknownFeature = 'UNKNOWN_FEATURE',
  UnknownTenant = 'UNKNOWN_TENANT',
  InvalidScope = 'INVALID_SCOPE',
  LegacyUnavailable = 'LEGACY_UNAVAILABLE',
  LegacyTimeout = 'LEGACY_TIMEOUT',
  LegacyOverloaded = 'LEGACY_OVERLOADED',
  ClientClosedRequest = 'CLIENT_CLOSED_REQUEST',
  VersionConflict = 'ROUTING_VERSION_CONFLICT',
  // The code Fastify's own body limit answers with, so clients see one code for one cause.
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
}

/** Exhaustive, so a new code cannot ship without a status. */
export function statusOfRoutingError(code: RoutingErrorCode): number {
  switch (code) {
    case RoutingErrorCode.InvalidRoutingDocument:
    case RoutingErrorCode.InvalidScope:
      return 400;
    case RoutingErrorCode.UnknownFeature:
    case RoutingErrorCode.UnknownTenant:
      return 404;
    case RoutingErrorCode.VersionConflict:
      return 409;
    case RoutingErrorCode.PayloadTooLarge:
      return 413;
    case RoutingErrorCode.ClientClosedRequest:
      return 499;
    case RoutingErrorCode.LegacyUnavailable:
      return 502;
    case RoutingErrorCode.LegacyOverloaded:
      return 503;
    case RoutingErrorCode.LegacyTimeout:
      return 504;
  }
}

export class RoutingException extends AppException {
  constructor(
    override readonly code: RoutingErrorCode,
    message: string,
    details?: unknown,
    headers?: Record<string, string>,
  ) {
    super(code, statusOfRoutingError(code), message, details, headers);
    this.name = 'RoutingException';
  }

  /** `details` lists every problem, so the caller can fix them all in one go. */
  static invalidDocument(problems: string[]): RoutingException {
    const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`;
    return new RoutingException(RoutingErrorCode.InvalidRoutingDocument, `Routing document is invalid: ${count}`, problems);
  }

  static unknownFeature(feature: string): RoutingException {
    return new RoutingException(RoutingErrorCode.UnknownFeature, `Feature "${feature}" does not exist`, { feature });
  }

  static unknownTenant(tenantId: string): RoutingException {
    return new RoutingException(RoutingErrorCode.UnknownTenant, `Tenant "${tenantId}" does not exist`, { tenantId });
  }

  static invalidScope(scope: string): RoutingException {
    return new RoutingException(RoutingErrorCode.InvalidScope, 'Scope must be "*", "tenant:<id>" or "space:<id>"', { scope });
  }

  static legacyUnavailable(cause?: unknown): RoutingException {
    const exception = new RoutingException(RoutingErrorCode.LegacyUnavailable, 'The legacy backend is unavailable');
    exception.cause = cause;
    return exception;
  }

  static versionConflict(expected: number, current: number): RoutingException {
    return new RoutingException(
      RoutingErrorCode.VersionConflict,
      `The rules changed since version ${expected}; the current version is ${current}`,
      { expected, current },
    );
  }

  /** A signed request's body is read whole before it goes to legacy (its digest is signed), so it has a limit. */
  static payloadTooLarge(limitBytes: number): RoutingException {
    return new RoutingException(RoutingErrorCode.PayloadTooLarge, 'Request body is larger than the configured limit', { limitBytes });
  }

  /** Every connection to legacy is busy and `limit` requests already wait for one: refused at once, not queued. */
  static legacyOverloaded(limit: number): RoutingException {
    return new RoutingException(
      RoutingErrorCode.LegacyOverloaded,
      'The legacy backend is overloaded: too many requests wait for it',
      { dependency: 'legacy', queued: limit },
      { 'Retry-After': '1' },
    );
  }

  /** The client went away before legacy answered; the call to legacy is aborted (nginx's 499, for the request log). */
  static clientClosedRequest(): RoutingException {
    return new RoutingException(RoutingErrorCode.ClientClosedRequest, 'The client closed the request before legacy answered');
  }

  static legacyTimeout(timeoutMs: number): RoutingException {
    return new RoutingException(RoutingErrorCode.LegacyTimeout, `The legacy backend did not answer within ${timeoutMs} ms`, { timeoutMs });
  }
}
