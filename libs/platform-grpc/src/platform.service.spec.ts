import { AuthErrorCode, AuthException, AuthUser, JwtAuthGuard } from '@switchyard/auth';
import { DependencyUnavailableException } from '@switchyard/errors';
import { RealtimeEnvelope, RealtimePublisher } from '@switchyard/realtime';
import { SyncRunReader, SyncRunView } from '@switchyard/sync';
import { PlatformService } from './platform.service';

const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const SPACE = '33333333-3333-4333-8333-333333333333';
const USER = '44444444-4444-4444-8444-444444444444';
const RUN = '55555555-5555-4555-8555-555555555555';

const owner: AuthUser = { userId: USER, tenantId: TENANT, username: 'owner', role: 'owner', sessionId: 's-1' };

class FakeAuth {
  failure: Error = new AuthException(AuthErrorCode.InvalidToken, 'Access token is invalid');

  async authenticate(authorization: string | undefined): Promise<AuthUser> {
    if (authorization === 'Bearer good-token') return owner;
    throw this.failure;
  }
}

class RecordingPublisher {
  readonly published: RealtimeEnvelope[] = [];

  async publish(envelope: RealtimeEnvelope): Promise<void> {
    this.published.push(envelope);
  }
}

class InMemorySyncRuns extends SyncRunReader {
  readonly runs: Array<SyncRunView & { tenantId: string }> = [];

  async findRun(tenantId: string, runId: string): Promise<SyncRunView | null> {
    const run = this.runs.find((candidate) => candidate.tenantId === tenantId && candidate.id === runId);
    return run
      ? {
          id: run.id,
          jobId: run.jobId,
          spaceId: run.spaceId,
          status: run.status,
          rowsRead: run.rowsRead,
          rowsWritten: run.rowsWritten,
          error: run.error,
        }
      : null;
  }
}

function createSut(options: { withSyncRuns?: boolean } = { withSyncRuns: true }) {
  const auth = new FakeAuth();
  const publisher = new RecordingPublisher();
  const syncRuns = new InMemorySyncRuns();
  const sut = new PlatformService(
    auth as unknown as JwtAuthGuard,
    publisher as unknown as RealtimePublisher,
    options.withSyncRuns ? syncRuns : undefined,
  );
  return { sut, auth, publisher, syncRuns };
}

const event = { tenantId: TENANT, event: 'sync-run.status', dataJson: '{"status":"RUNNING"}' };

describe(PlatformService.name, () => {
  describe('verifyToken', () => {
    it('should answer the identity behind a valid token', async () => {
      const { sut } = createSut();

      const verification = await sut.verifyToken('good-token');

      expect(verification).toEqual({ valid: true, userId: USER, tenantId: TENANT, role: 'owner' });
    });

    it.each([
      ['a bad token', 'bad-token'],
      ['an empty token', ''],
      ['a token with a space', 'good-token extra'],
    ])('should answer valid: false for %s, not an error', async (_case, token) => {
      const { sut } = createSut();

      const verification = await sut.verifyToken(token);

      expect(verification).toEqual({ valid: false });
    });

    it('should let an outage of the session store reach the caller instead of calling the token invalid', async () => {
      const { sut, auth } = createSut();
      auth.failure = new DependencyUnavailableException('redis');

      const act = sut.verifyToken('other-token');

      await expect(act).rejects.toMatchObject({ status: 503 });
    });
  });

  describe('publishEvent', () => {
    it('should publish to a space topic of the tenant with the parsed data', async () => {
      const { sut, publisher } = createSut();

      await sut.publishEvent({ ...event, topic: `space:${SPACE}` });

      expect(publisher.published).toEqual([
        { tenantId: TENANT, target: { kind: 'topic', topic: `space:${SPACE}` }, event: 'sync-run.status', data: { status: 'RUNNING' } },
      ]);
    });

    it('should publish to one user, or to the whole tenant when no target is given', async () => {
      const { sut, publisher } = createSut();

      await sut.publishEvent({ ...event, userId: USER });
      await sut.publishEvent({ ...event, dataJson: '42' });

      expect(publisher.published.map((envelope) => [envelope.target, envelope.data])).toEqual([
        [{ kind: 'user', userId: USER }, { status: 'RUNNING' }],
        [{ kind: 'all' }, 42],
      ]);
    });
  });

  describe('getSyncRun', () => {
    const run = { id: RUN, jobId: 'job-1', spaceId: SPACE, status: 'running' as const, rowsRead: 10, rowsWritten: 8, error: '' };

    it('should read a run of the tenant through the port', async () => {
      const { sut, syncRuns } = createSut();
      syncRuns.runs.push({ ...run, tenantId: TENANT });

      const found = await sut.getSyncRun(TENANT, RUN);

      expect(found).toEqual(run);
    });

    it("should answer NOT_FOUND for an unknown run and for another tenant's run alike", async () => {
      const { sut, syncRuns } = createSut();
      syncRuns.runs.push({ ...run, tenantId: OTHER_TENANT });

      const act = sut.getSyncRun(TENANT, RUN);

      await expect(act).rejects.toMatchObject({ code: 'SYNC_RUN_NOT_FOUND', status: 404 });
    });

    it('should answer 503 "sync runs are not available" while no module provides the port', async () => {
      const { sut } = createSut({ withSyncRuns: false });

      const act = sut.getSyncRun(TENANT, RUN);

      await expect(act).rejects.toMatchObject({ code: 'SYNC_RUNS_UNAVAILABLE', status: 503, message: 'sync runs are not available' });
    });
  });
});
