import { PlatformGrpcHandlers } from './platform-grpc.handlers';
import { PlatformService } from './platform.service';
import { PublishEventCommand, TokenVerification } from './platform.types';

class FakePlatform {
  readonly published: PublishEventCommand[] = [];
  verification: TokenVerification = { valid: false };

  async verifyToken(): Promise<TokenVerification> {
    return this.verification;
  }

  async publishEvent(command: PublishEventCommand): Promise<void> {
    this.published.push(command);
  }

  async getSyncRun(_tenantId: string, runId: string) {
    return { id: runId, jobId: 'job-1', spaceId: 'space-1', status: 'succeeded', rowsRead: 3, rowsWritten: 3, error: '' };
  }
}

function createSut() {
  const platform = new FakePlatform();
  const sut = new PlatformGrpcHandlers(platform as unknown as PlatformService).methods();
  return { sut, platform };
}

describe(PlatformGrpcHandlers.name, () => {
  describe('VerifyToken', () => {
    it('should answer an invalid token with valid: false and empty identity fields', async () => {
      const { sut } = createSut();

      const response = await sut.VerifyToken({ accessToken: 'x' });

      expect(response).toEqual({ valid: false, userId: '', tenantId: '', role: '' });
    });
  });

  describe('PublishEvent', () => {
    it('should pass on only the member of the target oneof that is set', async () => {
      const { sut, platform } = createSut();
      const base = { tenantId: 't', event: 'e', dataJson: '{}' };

      await sut.PublishEvent({ ...base, target: 'topic', topic: 'space:x' });
      await sut.PublishEvent({ ...base, target: 'userId', userId: 'u' });
      const response = await sut.PublishEvent(base);

      expect(platform.published).toEqual([
        { ...base, topic: 'space:x', userId: undefined },
        { ...base, topic: undefined, userId: 'u' },
        { ...base, topic: undefined, userId: undefined },
      ]);
      expect(response).toEqual({ accepted: true });
    });
  });

  describe('GetSyncRun', () => {
    it('should answer the run without fields the contract does not carry', async () => {
      const { sut } = createSut();

      const run = await sut.GetSyncRun({ tenantId: 't', runId: 'r-1' });

      expect(run).toEqual({ id: 'r-1', jobId: 'job-1', status: 'succeeded', rowsRead: 3, rowsWritten: 3, error: '' });
    });
  });
});
