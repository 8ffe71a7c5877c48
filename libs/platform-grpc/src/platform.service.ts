import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuthException, JwtAuthGuard } from '@switchyard/auth';
import { RealtimePublisher, RealtimeTarget } from '@switchyard/realtime';
import { SyncRunReader, SyncRunView } from '@switchyard/sync';
import { PlatformErrorCode, PlatformException } from './platform.errors';
import { PublishEventCommand, TokenVerification } from './platform.types';

/** The rules of the platform API for internal callers; transport-free, so gRPC stays a thin adapter around it. */
@Injectable()
export class PlatformService {
  constructor(
    private readonly auth: JwtAuthGuard,
    private readonly publisher: RealtimePublisher,
    // Exported by the sync module; should it ever be absent, the rest of the API still serves.
    @Optional() @Inject(SyncRunReader) private readonly syncRuns?: SyncRunReader,
  ) {}

  async verifyToken(accessToken: string): Promise<TokenVerification> {
    try {
      const user = await this.auth.authenticate(`Bearer ${accessToken}`);
      return { valid: true, userId: user.userId, tenantId: user.tenantId, role: user.role };
    } catch (error) {
      // An outage of the session store is not a verdict on the token: that one reaches the caller.
      if (error instanceof AuthException) return { valid: false };
      throw error;
    }
  }

  /** Publishes a validated command (the request pipe checked ids, event name, JSON and topic). */
  async publishEvent(command: PublishEventCommand): Promise<RealtimeTarget> {
    const target = targetOf(command);
    await this.publisher.publish({
      tenantId: command.tenantId,
      target,
      event: command.event,
      data: JSON.parse(command.dataJson) as unknown,
    });
    return target;
  }

  async getSyncRun(tenantId: string, runId: string): Promise<SyncRunView> {
    if (!this.syncRuns) throw new PlatformException(PlatformErrorCode.SyncRunsUnavailable, 'sync runs are not available');

    const run = await this.syncRuns.findRun(tenantId, runId);
    // Another tenant's run is as unknown as a missing one.
    if (!run) throw new PlatformException(PlatformErrorCode.SyncRunNotFound, 'Sync run not found', { runId });
    return run;
  }
}

function targetOf(command: PublishEventCommand): RealtimeTarget {
  if (command.topic !== undefined) return { kind: 'topic', topic: command.topic };
  if (command.userId !== undefined) return { kind: 'user', userId: command.userId };
  return { kind: 'all' };
}
