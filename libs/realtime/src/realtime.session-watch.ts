import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuthException, AuthUser, SessionService } from '@switchyard/auth';
import { Clock } from '@switchyard/common';
import { realtimeConfig } from './config/realtime.config';
import { RealtimeHub } from './realtime.hub';

/** How often sockets are checked for an expired access token. */
const EXPIRY_SWEEP_MS = 1_000;

/**
 * Keeps each socket's rights as current as a request's: a socket closes when its session ends on any
 * node (logout, revocation, refresh-token reuse: at once, through the event bus), when its token
 * expires, and when its session no longer matches it (checked again every heartbeat, which also
 * catches an end whose message was lost).
 */
@Injectable()
export class RealtimeSessionWatch implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeSessionWatch.name);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly hub: RealtimeHub,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    @Inject(realtimeConfig.factory.KEY) private readonly config: ConfigType<typeof realtimeConfig.factory>,
  ) {}

  onModuleInit(): void {
    this.sessions.onSessionsEnded((sessionIds) => this.hub.closeSessions(sessionIds, 'session ended'));
    this.timers.push(
      setInterval(() => this.hub.closeExpired(this.clock.now()), EXPIRY_SWEEP_MS),
      setInterval(() => void this.revalidate(), this.config.heartbeatMs),
    );
    for (const timer of this.timers) timer.unref();
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Asks again, once per session, whether each socket's caller still holds its rights. */
  async revalidate(): Promise<void> {
    await Promise.all(this.hub.sessions().map((user) => this.check(user)));
  }

  private async check(user: AuthUser): Promise<void> {
    try {
      await this.sessions.verify({
        sub: user.userId,
        tid: user.tenantId,
        sid: user.sessionId,
        role: user.role,
        name: user.username,
        exp: Math.floor((user.tokenExpiresAt ?? 0) / 1000),
      });
    } catch (error) {
      // Only a verdict on the session closes sockets; a store that cannot answer is not one.
      if (error instanceof AuthException) this.hub.closeSessions([user.sessionId], 'session ended or changed');
      else this.logger.warn({ sessionId: user.sessionId, reason: (error as Error).message }, 'Could not re-check a socket session');
    }
  }
}
