import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { TENANT_ROLES, TenantRole } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { AuthErrorCode, AuthException } from '../auth.errors';
import { authConfig } from '../config/auth.config';
import { Session } from '../session/session';

export interface AccessClaims {
  sub: string;
  tid: string;
  sid: string;
  role: TenantRole;
  name: string;
}

/** Short-lived JWTs: algorithm, issuer and audience pinned on verify, so `alg: none` or another key never pass. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.factory.KEY) private readonly config: ConfigType<typeof authConfig.factory>,
  ) {}

  get ttlSeconds(): number {
    return this.config.accessTtlSeconds;
  }

  sign(session: Session): Promise<string> {
    const claims: AccessClaims = {
      sub: session.userId,
      tid: session.tenantId,
      sid: session.id,
      role: session.role,
      name: session.username,
    };
    return this.jwt.signAsync(claims, {
      secret: this.config.jwtSecret,
      algorithm: this.config.jwtAlgorithm,
      issuer: this.config.jwtIssuer,
      audience: this.config.jwtAudience,
      expiresIn: this.config.accessTtlSeconds,
      jwtid: randomUUID(),
    });
  }

  async verify(token: string): Promise<AccessClaims> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & object>(token, {
        secret: this.config.jwtSecret,
        algorithms: [this.config.jwtAlgorithm],
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
      });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw new AuthException(AuthErrorCode.InvalidToken, expired ? 'Access token has expired' : 'Access token is invalid');
    }
    if (!claims.sub || !claims.tid || !claims.sid || !TENANT_ROLES.includes(claims.role)) {
      throw new AuthException(AuthErrorCode.InvalidToken, 'Access token is missing required claims');
    }
    return claims;
  }
}
