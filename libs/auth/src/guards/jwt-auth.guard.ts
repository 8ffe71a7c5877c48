import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '@switchyard/common';
import { withoutStackTraces } from '@switchyard/errors';
import { TenantRole } from '@switchyard/database';
import { requestLogContext } from '@switchyard/observability';
import { FastifyRequest } from 'fastify';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { AuthUser } from '../auth.types';
import { SessionService } from '../session/session.service';
import { AccessTokenService } from '../tokens/access-token.service';
import { TENANT_ROLES_KEY } from './auth.decorators';

interface RouteAccess {
  isPublic: boolean;
  roles?: TenantRole[];
}

/** What one request's token turned out to be: the caller, the reason it was refused, or the pending store lookup. */
type Verdict = AuthUser | AuthException | Promise<AuthUser>;

// Tested, not executed: no match array per request; the token is what follows `Bearer `.
const BEARER = /^Bearer [^\s]+$/i;
// Kept on the raw request itself: a WeakMap keyed by short-lived requests costs every minor GC.
const VERDICT = Symbol('switchyard.authVerdict');
type WithVerdict = { [VERDICT]?: Verdict };

const OPEN_TO_EVERY_ROLE: RouteAccess = { isPublic: false };

/** Global: every route needs a valid access token of a live session unless it is @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  // Route metadata never changes after start-up: read once per handler.
  private readonly access = new WeakMap<object, RouteAccess>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionService,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.accessOf(context);
    if (access.isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const user = this.authenticateRequest(request.raw, request.headers.authorization);
    return user instanceof Promise ? user.then((resolved) => this.admit(request, resolved, access)) : this.admit(request, user, access);
  }

  /**
   * The caller of this raw request, verified once and remembered for the rest of the request.
   * Synchronous when nothing needs I/O (the usual case: the session was confirmed on this node within
   * SESSION_CHECK_CACHE_MS); throws, or rejects, with an AuthException when the token is refused.
   */
  authenticateRequest(raw: object, authorization: string | undefined): AuthUser | Promise<AuthUser> {
    // One verification per request, whoever asks first (the routing gateway or this guard).
    const holder = raw as WithVerdict;
    let verdict = holder[VERDICT];
    if (verdict === undefined) {
      verdict = this.verdictOf(authorization);
      holder[VERDICT] = verdict;
    }
    if (verdict instanceof AuthException) throw verdict;
    return verdict;
  }

  /**
   * For a fast path (see FastPath) in front of a route open to every tenant role: the caller, admitted as
   * canActivate would admit them, when that needs no I/O; undefined when the route's guard must decide.
   */
  admitWithoutIo(request: FastifyRequest & { user?: AuthUser }): AuthUser | undefined {
    let user: AuthUser | Promise<AuthUser>;
    try {
      user = this.authenticateRequest(request.raw, request.headers.authorization);
    } catch {
      return undefined;
    }
    if (user instanceof Promise) return undefined;
    this.admit(request, user, OPEN_TO_EVERY_ROLE);
    return user;
  }

  /** The caller of an access token; synchronous unless the session store must be asked. */
  authenticate(authorization: string | undefined): AuthUser | Promise<AuthUser> {
    const token = authorization !== undefined && BEARER.test(authorization) ? authorization.slice(7) : undefined;
    if (!token)
      throw withoutStackTraces(
        () => new AuthException(AuthErrorCode.MissingToken, 'An access token is required (Authorization: Bearer <token>)'),
      );
    return this.sessions.verify(this.tokens.verify(token));
  }

  private verdictOf(authorization: string | undefined): Verdict {
    try {
      return this.authenticate(authorization);
    } catch (error) {
      if (error instanceof AuthException) return error;
      throw error;
    }
  }

  private admit(request: FastifyRequest & { user?: AuthUser }, user: AuthUser, access: RouteAccess): boolean {
    request.user = user;
    const log = requestLogContext(request.raw);
    log.tenantId = user.tenantId;
    log.userId = user.userId;
    if (access.roles && !access.roles.includes(user.role)) {
      throw new AuthException(AuthErrorCode.Forbidden, `This needs one of the tenant roles: ${access.roles.join(', ')}`);
    }
    return true;
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let access = this.access.get(handler);
    if (!access) {
      const targets = [handler, context.getClass()];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<TenantRole[] | undefined>(TENANT_ROLES_KEY, targets),
      };
      this.access.set(handler, access);
    }
    return access;
  }
}
