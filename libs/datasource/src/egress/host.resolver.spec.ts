import { LookupAddress } from 'node:dns';
import { HostResolver } from './host.resolver';

const config = { egress: { lookupTimeoutMs: 500 } } as ConstructorParameters<typeof HostResolver>[0];

/** The resolver with getaddrinfo replaced by an answer the test chooses. */
class ScriptedResolver extends HostResolver {
  constructor(private readonly answer: () => Promise<LookupAddress[]>) {
    super(config);
  }

  protected override lookupAll(): Promise<LookupAddress[]> {
    return this.answer();
  }
}

const errorWithCode = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`getaddrinfo ${code}`), { code });

describe(HostResolver.name, () => {
  describe('addressesOf', () => {
    it('should answer every address of a name, IPv4 and IPv6', async () => {
      const sut = new ScriptedResolver(async () => [
        { address: '10.0.0.7', family: 4 },
        { address: '::1', family: 6 },
      ]);

      const answer = await sut.addressesOf('orders-db.internal');

      expect(answer).toEqual({ kind: 'resolved', addresses: ['10.0.0.7', '::1'] });
    });

    it('should answer not-found for a name without addresses', async () => {
      const answers = await Promise.all([
        new ScriptedResolver(() => Promise.reject(errorWithCode('ENOTFOUND'))).addressesOf('nope.invalid'),
        new ScriptedResolver(() => Promise.reject(errorWithCode('ENODATA'))).addressesOf('nope.invalid'),
        new ScriptedResolver(async () => []).addressesOf('nope.invalid'),
      ]);

      expect(answers).toEqual([{ kind: 'not-found' }, { kind: 'not-found' }, { kind: 'not-found' }]);
    });

    it('should answer unavailable when the resolver fails for another reason', async () => {
      const sut = new ScriptedResolver(() => Promise.reject(errorWithCode('EAI_AGAIN')));

      const answer = await sut.addressesOf('orders-db.internal');

      expect(answer).toEqual({ kind: 'unavailable', reason: 'EAI_AGAIN' });
    });

    it('should answer unavailable when no answer comes within the timeout', async () => {
      jest.useFakeTimers();
      try {
        const sut = new ScriptedResolver(() => new Promise<LookupAddress[]>(() => undefined));

        const pending = sut.addressesOf('slow.example');
        await jest.advanceTimersByTimeAsync(500);

        await expect(pending).resolves.toEqual({ kind: 'unavailable', reason: 'no answer within 500 ms' });
      } finally {
        jest.useRealTimers();
      }
    });

    it('should ask the system resolver, which knows localhost from the hosts file', async () => {
      const sut = new HostResolver(config);

      const answer = await sut.addressesOf('localhost');

      expect(answer.kind).toBe('resolved');
      const addresses = answer.kind === 'resolved' ? answer.addresses : [];
      expect(addresses.length).toBeGreaterThan(0);
      expect(addresses.every((address) => address.startsWith('127.') || address === '::1')).toBe(true);
    });
  });
});
