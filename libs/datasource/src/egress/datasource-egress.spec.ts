import { AddressList } from '@switchyard/config';
import { CommonErrorCode } from '@switchyard/errors';
import { DatasourceErrorCode } from '../datasource.errors';
import { DatasourceEgress } from './datasource-egress';
import { HostLookup, HostResolver } from './host.resolver';

/** DNS as the tests configure it: names map to answers; every asked name is recorded. */
class FakeResolver implements Pick<HostResolver, 'addressesOf'> {
  readonly asked: string[] = [];
  readonly answers = new Map<string, HostLookup>();

  async addressesOf(host: string): Promise<HostLookup> {
    this.asked.push(host);
    return this.answers.get(host) ?? { kind: 'not-found' };
  }
}

function createSut(egress: Partial<Record<'allow' | 'deny', string[]>> = {}) {
  const resolver = new FakeResolver();
  const config = {
    egress: {
      allow: AddressList.of(egress.allow ?? []),
      deny: AddressList.of(egress.deny ?? []),
      loopbackAllowed: false,
      lookupTimeoutMs: 2000,
    },
  };
  const sut = new DatasourceEgress(config, resolver as unknown as HostResolver);
  return { sut, resolver };
}

const outcomeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: { code?: string; status?: number; details?: unknown; message?: string }) => ({
      code: error.code,
      status: error.status,
      details: error.details,
      message: error.message,
    }),
  );

describe(DatasourceEgress.name, () => {
  describe('requireAllowed', () => {
    it('should judge an IP literal without asking DNS', async () => {
      const { sut, resolver } = createSut();

      const outcomes = await Promise.all([outcomeOf(sut.requireAllowed('10.1.2.3')), outcomeOf(sut.requireAllowed('169.254.169.254'))]);

      expect(outcomes).toEqual([
        'allowed',
        {
          code: DatasourceErrorCode.HostNotAllowed,
          status: 400,
          details: [{ field: 'host', reason: 'host is a link-local address, which datasources may not reach' }],
          message: 'host is a link-local address, which datasources may not reach',
        },
      ]);
      expect(resolver.asked).toEqual([]);
    });

    it('should refuse a metadata name before any lookup', async () => {
      const { sut, resolver } = createSut();

      const outcome = await outcomeOf(sut.requireAllowed('metadata.google.internal'));

      expect(outcome).toMatchObject({ code: DatasourceErrorCode.HostNotAllowed, details: [{ field: 'host' }] });
      expect(resolver.asked).toEqual([]);
    });

    it('should refuse a name resolving to loopback, without telling the address', async () => {
      const { sut, resolver } = createSut();
      resolver.answers.set('localtest.me', { kind: 'resolved', addresses: ['127.0.0.1'] });

      const outcome = await outcomeOf(sut.requireAllowed('localtest.me'));

      expect(outcome).toMatchObject({
        code: DatasourceErrorCode.HostNotAllowed,
        details: [{ field: 'host', reason: 'host resolves to a loopback address, which datasources may not reach' }],
      });
      expect(JSON.stringify(outcome)).not.toContain('127.0.0.1');
    });

    it('should refuse a name when any one of its addresses is refused', async () => {
      const { sut, resolver } = createSut();
      resolver.answers.set('split.example', { kind: 'resolved', addresses: ['10.0.0.5', '::ffff:169.254.169.254'] });

      const outcome = await outcomeOf(sut.requireAllowed('split.example'));

      expect(outcome).toMatchObject({ code: DatasourceErrorCode.HostNotAllowed });
    });

    it('should allow a name whose every address is allowed', async () => {
      const { sut, resolver } = createSut();
      resolver.answers.set('orders-db.internal', { kind: 'resolved', addresses: ['10.0.0.5', 'fd12::5'] });

      const outcome = await outcomeOf(sut.requireAllowed('orders-db.internal'));

      expect(outcome).toBe('allowed');
    });

    it('should honour ALLOW and DENY for resolved addresses', async () => {
      const { sut, resolver } = createSut({ allow: ['10.0.0.0/8'], deny: ['10.66.0.0/16'] });
      resolver.answers.set('inside.example', { kind: 'resolved', addresses: ['10.1.0.1'] });
      resolver.answers.set('denied.example', { kind: 'resolved', addresses: ['10.66.0.1'] });
      resolver.answers.set('outside.example', { kind: 'resolved', addresses: ['192.168.0.1'] });

      const outcomes = await Promise.all(
        ['inside.example', 'denied.example', 'outside.example'].map((host) => outcomeOf(sut.requireAllowed(host))),
      );

      expect(outcomes).toEqual([
        'allowed',
        expect.objectContaining({ details: [{ field: 'host', reason: expect.stringContaining('DATASOURCE_HOST_DENY') }] }),
        expect.objectContaining({ details: [{ field: 'host', reason: expect.stringContaining('DATASOURCE_HOST_ALLOW') }] }),
      ]);
    });

    it('should answer 400 naming the host for a name that does not resolve', async () => {
      const { sut } = createSut();

      const outcome = await outcomeOf(sut.requireAllowed('orders-db.invalid'));

      expect(outcome).toEqual({
        code: DatasourceErrorCode.HostUnresolvable,
        status: 400,
        details: [{ field: 'host', reason: 'host does not resolve to any address' }],
        message: 'host does not resolve to any address',
      });
    });

    it('should answer 503 naming DNS when the resolver cannot answer', async () => {
      const { sut, resolver } = createSut();
      resolver.answers.set('slow.example', { kind: 'unavailable', reason: 'no answer within 2000 ms' });

      const outcome = await outcomeOf(sut.requireAllowed('slow.example'));

      expect(outcome).toMatchObject({ code: CommonErrorCode.DependencyUnavailable, status: 503, details: { dependency: 'dns' } });
    });

    it('should name the datasource when a stored definition is checked before use', async () => {
      const { sut, resolver } = createSut();
      resolver.answers.set('rebound.example', { kind: 'resolved', addresses: ['127.0.0.1'] });

      const outcomes = await Promise.all([
        outcomeOf(sut.requireAllowed('rebound.example', 'd-1')),
        outcomeOf(sut.requireAllowed('gone.example', 'd-1')),
      ]);

      expect(outcomes.map((outcome) => (typeof outcome === 'string' ? outcome : outcome.message))).toEqual([
        'Datasource d-1 cannot be used: host resolves to a loopback address, which datasources may not reach',
        'Datasource d-1 cannot be used: host does not resolve to any address',
      ]);
    });
  });
});
