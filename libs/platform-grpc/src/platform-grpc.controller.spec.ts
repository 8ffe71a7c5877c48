import { status } from '@grpc/grpc-js';
import { METHODS, PlatformGrpcHarness } from '../test/platform-grpc.harness';
import { PlatformGrpcController } from './platform-grpc.controller';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SPACE = '33333333-3333-4333-8333-333333333333';
const USER = '44444444-4444-4444-8444-444444444444';
const RUN = '55555555-5555-4555-8555-555555555555';
const event = { tenantId: TENANT, event: 'sync-run.status', dataJson: '{"status":"RUNNING"}' };

describe(PlatformGrpcController.name, () => {
  let harness: PlatformGrpcHarness;

  beforeAll(async () => {
    harness = await PlatformGrpcHarness.start();
  });

  beforeEach(() => {
    harness.platform.calls.length = 0;
  });

  afterAll(async () => {
    await harness.stop();
  });

  it.each(METHODS)('should serve %s of proto/platform.proto (a handler for every rpc)', async (method) => {
    const { error } = await harness.invoke(method, {}, null);

    expect(error?.code).not.toBe(status.UNIMPLEMENTED);
  });

  describe('verifyToken', () => {
    it('should answer an invalid token with valid: false and empty identity fields', async () => {
      const { response } = await harness.invoke('VerifyToken', { accessToken: 'x' });

      expect(response).toEqual({ valid: false, userId: '', tenantId: '', role: '' });
      expect(harness.platform.calls).toEqual([{ method: 'verifyToken', argument: 'x' }]);
    });
  });

  describe('publishEvent', () => {
    it('should pass on only the member of the target oneof that is set', async () => {
      await harness.invoke('PublishEvent', { ...event, topic: `space:${SPACE}` });
      await harness.invoke('PublishEvent', { ...event, userId: USER });
      const { response } = await harness.invoke('PublishEvent', event);

      expect(harness.platform.calls.map((call) => call.argument)).toEqual([
        { ...event, topic: `space:${SPACE}`, userId: undefined },
        { ...event, topic: undefined, userId: USER },
        { ...event, topic: undefined, userId: undefined },
      ]);
      expect(response).toEqual({ accepted: true });
    });

    it.each([
      ['data_json that is not JSON', { dataJson: '{status:' }, 'data_json must be valid JSON'],
      ['an empty data_json', { dataJson: '' }, 'data_json must be valid JSON'],
      ['an event name with a space', { event: 'bad event' }, 'event must be 1-100 characters of letters, digits and . : _ -'],
      ['an event name over 100 characters', { event: 'e'.repeat(101) }, 'event must be 1-100 characters of letters, digits and . : _ -'],
      ['a topic that is not a space', { topic: 'everything' }, 'topic must be space:<space id>'],
      ['a tenant id that is not a UUID', { tenantId: 'acme' }, 'tenant_id must be a UUID'],
      ['a user id that is not a UUID', { userId: 'rita' }, 'user_id must be a UUID'],
    ])('should refuse %s with INVALID_ARGUMENT naming the field, before the service', async (_case, change, reason) => {
      const { error } = await harness.invoke('PublishEvent', { ...event, ...change });

      expect([error?.code, error?.details, error?.metadata.get('x-error-code')]).toEqual([
        status.INVALID_ARGUMENT,
        reason,
        ['VALIDATION_FAILED'],
      ]);
      expect(harness.platform.calls).toEqual([]);
    });

    it('should name every bad field at once', async () => {
      const { error } = await harness.invoke('PublishEvent', { tenantId: 'acme', event: '', dataJson: 'nope' });

      expect(error?.details).toBe(
        'tenant_id must be a UUID; event must be 1-100 characters of letters, digits and . : _ -; data_json must be valid JSON',
      );
    });

    it('should accept any JSON value as data, not only an object', async () => {
      const { response } = await harness.invoke('PublishEvent', { ...event, dataJson: '42' });

      expect(response).toEqual({ accepted: true });
    });
  });

  describe('getSyncRun', () => {
    it('should answer the run without fields the contract does not carry', async () => {
      const { response } = await harness.invoke('GetSyncRun', { tenantId: TENANT, runId: RUN });

      expect(response).toEqual({ id: RUN, jobId: 'job-1', status: 'succeeded', rowsRead: 3, rowsWritten: 3, error: '' });
    });

    it('should refuse ids that are not UUIDs before asking the service', async () => {
      const { error } = await harness.invoke('GetSyncRun', { tenantId: "' OR 1=1", runId: '../x' });

      expect([error?.code, error?.details]).toEqual([status.INVALID_ARGUMENT, 'tenant_id must be a UUID; run_id must be a UUID']);
      expect(harness.platform.calls).toEqual([]);
    });
  });
});
