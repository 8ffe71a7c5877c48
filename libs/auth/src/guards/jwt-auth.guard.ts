import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '@switchyard/common';
import { TenantRole } from '@switchyard/database';
import { requestLogContext } from '@switchyard/observability';
import { FastifyRequest } from 'fastify';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { AuthUser } from '../auth.types';
import { SessionService } from '../session/session.service';
import { AccessTokenService } from '../tokens/access-token.service';
import { TENANT_ROLES_KEY } from './auth.decorators';

/** Global: every route needs a valid access token of a live session unless it is @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  // One verification per request, whoever asks first (the routing gateway or this guard).
  private readonly verified = new WeakMap<object, Promise<AuthUser>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    request.user = await this.authenticateRequest(request.raw, request.headers.authorization);
    Object.assign(requestLogContext(request.raw), { tenantId: request.user.tenantId, userId: request.user.userId });
    const roles = this.reflector.getAllAndOverride<TenantRole[] | undefined>(TENANT_ROLES_KEY, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new AuthException(AuthErrorCode.Forbidden, `This needs one of the tenant roles: ${roles.join(', ')}`);
    }
    return true;
  }

  /** The caller of this raw request, verified once and remembered for the rest of the request. */
  authenticateRequest(raw: object, authorization: string | undefined): Promise<AuthUser> {
    let pending = this.verified.get(raw);
    if (!pending) {
      pending = this.authenticate(authorization);
      this.verified.set(raw, pending);
    }
    return pending;
  }

  async authenticate(authorization: string | undefined): Promise<AuthUser> {
    const token = /^Bearer ([^\s]+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new AuthException(AuthErrorCode.MissingToken, 'An access token is required (Authorization: Bearer <token>)');
    const claims = this.tokens.verify(token);
    if (!(await this.sessions.isActive(claims.sid)))
      throw new AuthException(AuthErrorCode.SessionRevoked, 'The session of this token has ended');
    return { userId: claims.sub, tenantId: claims.tid, username: claims.name, role: claims.role, sessionId: claims.sid };
  }
}
