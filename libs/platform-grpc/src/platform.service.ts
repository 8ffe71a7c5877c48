import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuthException, JwtAuthGuard } from '@switchyard/auth';
import { FieldError, ValidationFailedException } from '@switchyard/errors';
import { RealtimePublisher, RealtimeTarget, SPACE_TOPIC } from '@switchyard/realtime';
import { SyncRunReader, SyncRunView } from '@switchyard/sync';
import { PlatformErrorCode, PlatformException } from './platform.errors';
import { PublishEventCommand, TokenVerification } from './platform.types';

// The same rules as POST /admin/broadcast and the WebSocket topics.
const EVENT_NAME = /^[A-Za-z0-9][\w.:-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  async publishEvent(command: PublishEventCommand): Promise<RealtimeTarget> {
    const problems: FieldError[] = [];
    requireUuid(problems, 'tenant_id', command.tenantId);
    if (!EVENT_NAME.test(command.event))
      problems.push({ field: 'event', reason: 'event must be 1-100 characters of letters, digits and . : _ -' });
    const data = parseJson(problems, command.dataJson);
    if (command.topic !== undefined && !SPACE_TOPIC.test(command.topic))
      problems.push({ field: 'topic', reason: 'topic must be space:<space id>' });
    if (command.userId !== undefined) requireUuid(problems, 'user_id', command.userId);
    if (command.topic !== undefined && command.userId !== undefined)
      problems.push({ field: 'topic', reason: 'topic and user_id are exclusive' });
    if (problems.length > 0) throw new ValidationFailedException(problems);

    const target = targetOf(command);
    await this.publisher.publish({ tenantId: command.tenantId, target, event: command.event, data });
    return target;
  }

  async getSyncRun(tenantId: string, runId: string): Promise<SyncRunView> {
    const problems: FieldError[] = [];
    requireUuid(problems, 'tenant_id', tenantId);
    requireUuid(problems, 'run_id', runId);
    if (problems.length > 0) throw new ValidationFailedException(problems);
    if (!this.syncRuns) throw new PlatformException(PlatformErrorCode.SyncRunsUnavailable, 'sync runs are not available');

    const run = await this.syncRuns.findRun(tenantId, runId);
    // Another tenant's run is as unknown as a missing one.
    if (!run) throw new PlatformException(PlatformErrorCode.SyncRunNotFound, 'Sync run not found', { runId });
    return run;
  }
}

function requireUuid(problems: FieldError[], field: string, value: string): void {
  if (!UUID.test(value)) problems.push({ field, reason: `${field} must be a UUID` });
}

function parseJson(problems: FieldError[], json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    problems.push({ field: 'data_json', reason: 'data_json must be valid JSON' });
    return undefined;
  }
}

function targetOf(command: PublishEventCommand): RealtimeTarget {
  if (command.topic !== undefined) return { kind: 'topic', topic: command.topic };
  if (command.userId !== undefined) return { kind: 'user', userId: command.userId };
  return { kind: 'all' };
}
