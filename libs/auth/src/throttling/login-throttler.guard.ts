import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { AuthErrorCode, AuthException } from '../auth.errors';

export const LOGIN_BY_IP = 'login-ip';
export const LOGIN_BY_USERNAME = 'login-username';

/** The tenant and username a login names, normalised; the guard runs before validation, so anything goes. */
export function loginTracker(request: { body?: unknown }): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const part = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase().slice(0, 128) : '');
  return `${part(body.tenant)}/${part(body.username)}`;
}

/** Throttles logins per client IP and per tenant/username; answers 429 with a standard Retry-After. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = String(Math.max(1, detail.timeToBlockExpire));
    throw new AuthException(AuthErrorCode.TooManyAttempts, `Too many login attempts; retry in ${retryAfter} s`, {
      'Retry-After': retryAfter,
    });
  }
}
