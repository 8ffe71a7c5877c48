import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { UserDirectory } from '../user.directory';

export const LOGIN_BY_IP = 'login-ip';
export const LOGIN_BY_USERNAME = 'login-username';

const MAX_NAME_LENGTH = 128;

/**
 * A name as the database's collation sees it: case, accents and compatibility forms (full-width letters,
 * ligatures) folded away, so `ＡＬＩＣＥ`, `Álice` and `alice` are one name.
 */
export function foldName(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .slice(0, MAX_NAME_LENGTH * 4)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .normalize('NFKC')
    .trim()
    .slice(0, MAX_NAME_LENGTH);
}

/** The tenant and username a login names, folded; the guard runs before validation, so anything goes. */
export function loginTracker(request: { body?: unknown }): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return `name:${foldName(body.tenant)}/${foldName(body.username)}`;
}

/**
 * Throttles logins per client address (the peer, or the client a trusted proxy names) and per account:
 * every spelling that reaches one account shares its bucket. Answers 429 with a standard Retry-After.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly directory: UserDirectory,
  ) {
    super(options, storage, reflector);
  }

  protected override handleRequest(requestProps: ThrottlerRequest): Promise<boolean> {
    if (requestProps.throttler.name !== LOGIN_BY_USERNAME) return super.handleRequest(requestProps);
    return super.handleRequest({ ...requestProps, getTracker: (request) => this.accountTracker(request) });
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = String(Math.max(1, detail.timeToBlockExpire));
    throw new AuthException(AuthErrorCode.TooManyAttempts, `Too many login attempts; retry in ${retryAfter} s`, {
      'Retry-After': retryAfter,
    });
  }

  /** The account the login reaches, or its folded name when it reaches none (nothing to protect but the bucket). */
  private async accountTracker(request: { body?: unknown }): Promise<string> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const tenant = foldName(body.tenant);
    const username = foldName(body.username);
    const account = await this.directory.findForLogin(tenant, username);
    return account ? `account:${account.tenantId}/${account.userId}` : loginTracker(request);
  }
}
