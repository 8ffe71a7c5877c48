import { Injectable } from '@nestjs/common';
import { AuthErrorCode, AuthException } from './auth.errors';
import { TokenPair } from './auth.types';
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
}
