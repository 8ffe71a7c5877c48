import { Metadata } from '@grpc/grpc-js';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { PlatformGrpcConfig, platformGrpcConfig } from '../config/platform-grpc.config';
import { PlatformErrorCode, PlatformException } from '../platform.errors';

export const INTERNAL_TOKEN_METADATA = 'x-internal-token';

// Comparing digests keeps the comparison constant-time whatever the length of what was presented.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Every platform gRPC call must carry the internal credential in exactly one `x-internal-token` metadata
 * entry. Throws (rather than answering false) so the caller learns UNAUTHENTICATED, not Nest's "Forbidden".
 */
@Injectable()
export class InternalCredentialGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(platformGrpcConfig.factory.KEY) config: PlatformGrpcConfig) {
    this.expected = digest(config.internalToken);
  }

  canActivate(context: ExecutionContext): true {
    const values = context.switchToRpc().getContext<Metadata>().get(INTERNAL_TOKEN_METADATA);
    const presented = values.length === 1 && typeof values[0] === 'string' ? values[0] : undefined;
    if (presented === undefined || !timingSafeEqual(digest(presented), this.expected)) {
      throw new PlatformException(
        PlatformErrorCode.InvalidInternalCredential,
        `A valid ${INTERNAL_TOKEN_METADATA} metadata entry is required`,
      );
    }
    return true;
  }
}
