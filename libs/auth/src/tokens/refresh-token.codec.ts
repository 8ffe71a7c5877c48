import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { authConfig } from '../config/auth.config';

export interface RefreshTokenParts {
  sessionId: string;
  generation: number;
}

/**
 * Refresh tokens are `<sessionId>.<generation>.<mac>`, the mac a keyed hash of the session's random
 * nonce and the generation. Nothing about the token is stored, yet the server can re-issue the
 * current one during the grace window and tell a spent token (older generation) from a forged one.
 */
@Injectable()
export class RefreshTokenCodec {
  private readonly key: Buffer;

  constructor(@Inject(authConfig.factory.KEY) config: ConfigType<typeof authConfig.factory>) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwtSecret, 'switchyard', 'refresh-token-v1', 32));
  }

  encode(sessionId: string, nonce: string, generation: number): string {
    return `${sessionId}.${generation}.${this.mac(sessionId, nonce, generation)}`;
  }

  /** Splits a presented token; null when it is not even shaped like one. */
  parse(token: string): (RefreshTokenParts & { mac: string }) | null {
    const match = /^([0-9a-f-]{36})\.(\d{1,9})\.([A-Za-z0-9_-]{43})$/.exec(token);
    return match ? { sessionId: match[1]!, generation: Number(match[2]), mac: match[3]! } : null;
  }

  verify(parts: RefreshTokenParts & { mac: string }, nonce: string): boolean {
    const expected = Buffer.from(this.mac(parts.sessionId, nonce, parts.generation));
    const actual = Buffer.from(parts.mac);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  private mac(sessionId: string, nonce: string, generation: number): string {
    return createHmac('sha256', this.key).update(`${sessionId}.${nonce}.${generation}`).digest('base64url');
  }
}
