import { AppException } from '@switchyard/errors';
import { RoutingErrorCode, RoutingException, statusOfRoutingError } from './routing.errors';

describe(statusOfRoutingError.name, () => {
  it.each([
    [RoutingErrorCode.InvalidRoutingDocument, 400],
    [RoutingErrorCode.InvalidScope, 400],
    [RoutingErrorCode.UnknownFeature, 404],
    [RoutingErrorCode.LegacyUnavailable, 502],
    [RoutingErrorCode.LegacyTimeout, 504],
    [RoutingErrorCode.PayloadTooLarge, 413],
    [RoutingErrorCode.LegacyOverloaded, 503],
    [RoutingErrorCode.ClientClosedRequest, 499],
  ])('should map %s to %d', (code, expected) => {
    const status = statusOfRoutingError(code);

    expect(status).toBe(expected);
  });
});

describe(RoutingException.name, () => {
  describe('invalidDocument', () => {
    it.each([
      [['a: bad'], 'Routing document is invalid: 1 problem'],
      [['a: bad', 'b: bad'], 'Routing document is invalid: 2 problems'],
    ])('should be a 400 whose details are the problems %j', (problems, message) => {
      const exception = RoutingException.invalidDocument(problems);

      expect(exception).toBeInstanceOf(AppException);
      expect(exception).toMatchObject({ code: 'INVALID_ROUTING_DOCUMENT', status: 400, message, details: problems });
    });
  });

  describe('legacyUnavailable', () => {
    it('should be a 502 keeping its cause', () => {
      const cause = new Error('ECONNREFUSED');

      const exception = RoutingException.legacyUnavailable(cause);

      expect(exception).toMatchObject({ code: 'LEGACY_UNAVAILABLE', status: 502, message: 'The legacy backend is unavailable', cause });
    });
  });

  describe('legacyTimeout', () => {
    it('should be a 504 naming the timeout', () => {
      const exception = RoutingException.legacyTimeout(5_000);

      expect(exception).toMatchObject({
        code: 'LEGACY_TIMEOUT',
        status: 504,
        message: 'The legacy backend did not answer within 5000 ms',
        details: { timeoutMs: 5_000 },
      });
    });
  });

  describe('legacyOverloaded', () => {
    it('should be a 503 naming legacy and asking to retry shortly', () => {
      const exception = RoutingException.legacyOverloaded(256);

      expect(exception).toMatchObject({
        code: 'LEGACY_OVERLOADED',
        status: 503,
        details: { dependency: 'legacy', queued: 256 },
        headers: { 'Retry-After': '1' },
      });
    });
  });

  describe('unknownFeature', () => {
    it('should be a 404 naming the feature', () => {
      const exception = RoutingException.unknownFeature('spaces-api');

      expect(exception).toMatchObject({ code: 'UNKNOWN_FEATURE', status: 404, details: { feature: 'spaces-api' } });
    });
  });

  describe('invalidScope', () => {
    it('should be a 400 naming the scope', () => {
      const exception = RoutingException.invalidScope('user:1');

      expect(exception).toMatchObject({ code: 'INVALID_SCOPE', status: 400, details: { scope: 'user:1' } });
    });
  });
});
