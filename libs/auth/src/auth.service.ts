import { Injectable } from '@nestjs/common';
import { ValidationFailedException } from '@switchyard/errors';
import { AuthErrorCode, AuthException } from './auth.errors';
import { AuthUser, TokenPair } from './auth.types';
import { PasswordHasher } from './password.hasher';
import { SessionService } from './session/session.service';
import { UserDirectory } from './user.directory';

// Verified against when the user does not exist, so both failures take the same time.
const DECOY_HASH =
  'scrypt$131072$8$1$c3dpdGNoeWFyZC1kZWNveQ==$ZGVjb3ktaGFzaC10aGF0LW5ldmVyLW1hdGNoZXMtYW55LXBhc3N3b3JkLTAwMDAwMDAwMDAwMDAwMDA=';

@Injectable()
export class AuthService {
  constructor(
    private readonly directory: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  /** One answer for an unknown tenant, unknown user or wrong password: nothing is revealed. */
  async login(tenant: string, username: string, password: string): Promise<TokenPair> {
    const candidate = await this.directory.findForLogin(tenant, username);
    const valid = await this.hasher.verify(password, candidate?.passwordHash ?? DECOY_HASH);
    if (!candidate || !valid) throw new AuthException(AuthErrorCode.InvalidCredentials, 'Invalid tenant, username or password');
    return this.sessions.open(candidate);
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.sessions.refresh(refreshToken);
  }

  logout(sessionId: string): Promise<void> {
    return this.sessions.close(sessionId);
  }

  /** A new password for the caller; every other session of the account ends (this one stays). */
  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.directory.findById(caller.tenantId, caller.userId);
    if (!account) throw new AuthException(AuthErrorCode.SessionRevoked, 'The account of this session no longer exists');
    if (!(await this.hasher.verify(currentPassword, account.passwordHash))) {
      throw new ValidationFailedException([{ field: 'currentPassword', reason: 'currentPassword is not the current password' }]);
    }
    if (currentPassword === newPassword) {
      throw new ValidationFailedException([{ field: 'newPassword', reason: 'newPassword must differ from the current password' }]);
    }
    await this.directory.updatePasswordHash(caller.tenantId, caller.userId, await this.hasher.hash(newPassword));
    await this.sessions.revokeAllForUser(caller.userId, caller.sessionId);
  }
}
