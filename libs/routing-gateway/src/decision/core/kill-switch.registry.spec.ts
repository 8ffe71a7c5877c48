import { ALL_SCOPE, KillSwitchEntry, KillSwitchRegistry, scopesOf, spaceScope, tenantScope } from './kill-switch.registry';

function entry(overrides: Partial<KillSwitchEntry> = {}): KillSwitchEntry {
  return { feature: 'spaces-api', scope: ALL_SCOPE, reason: 'error-rate', at: 1_000, ...overrides };
}

describe(scopesOf.name, () => {
  it.each([
    [{}, ['*']],
    [{ tenantId: 't1' }, ['*', 'tenant:t1']],
    [{ spaceId: 's1' }, ['*', 'space:s1']],
    [{ tenantId: 't1', spaceId: 's1' }, ['*', 'tenant:t1', 'space:s1']],
    [{ tenantId: '' }, ['*']],
  ])('should list the scopes of %j', (identity, expected) => {
    const scopes = scopesOf(identity);

    expect(scopes).toEqual(expected);
  });
});

describe(KillSwitchRegistry.name, () => {
  let sut: KillSwitchRegistry;

  beforeEach(() => {
    sut = new KillSwitchRegistry();
  });

  describe('switchOff', () => {
    it('should say whether the switch-off is new, so a trip is audited once', () => {
      const first = sut.switchOff(entry());

      const second = sut.switchOff(entry({ reason: 'latency', at: 2_000 }));

      expect([first, second]).toEqual([true, false]);
      expect(sut.entries()).toEqual([entry()]);
    });
  });

  describe('isSwitchedOff', () => {
    it.each([
      ['everyone', ALL_SCOPE, { tenantId: 't1' }, true],
      ['everyone, anonymous request', ALL_SCOPE, {}, true],
      ['the tenant', tenantScope('t1'), { tenantId: 't1' }, true],
      ['another tenant', tenantScope('t2'), { tenantId: 't1' }, false],
      ['the space', spaceScope('s1'), { tenantId: 't1', spaceId: 's1' }, true],
      ['a space, request without space', spaceScope('s1'), { tenantId: 't1' }, false],
    ])('should answer a switch-off for %s', (_, scope, identity, expected) => {
      sut.switchOff(entry({ scope }));

      const off = sut.isSwitchedOff('spaces-api', identity);

      expect(off).toBe(expected);
    });

    it('should leave other features on', () => {
      sut.switchOff(entry());

      const off = sut.isSwitchedOff('reports', { tenantId: 't1' });

      expect(off).toBe(false);
    });
  });

  describe('switchOn', () => {
    it('should turn a feature back on for that scope only', () => {
      sut.switchOff(entry({ scope: tenantScope('t1') }));
      sut.switchOff(entry({ scope: tenantScope('t2') }));

      const removed = sut.switchOn('spaces-api', tenantScope('t1'));

      expect(removed).toBe(true);
      expect(sut.isSwitchedOff('spaces-api', { tenantId: 't1' })).toBe(false);
      expect(sut.isSwitchedOff('spaces-api', { tenantId: 't2' })).toBe(true);
    });

    it('should say when there was nothing to switch on', () => {
      const removed = sut.switchOn('spaces-api', ALL_SCOPE);

      expect(removed).toBe(false);
    });
  });

  describe('entries', () => {
    it('should return copies', () => {
      sut.switchOff(entry());

      (sut.entries()[0] as KillSwitchEntry).reason = 'edited';

      expect(sut.entries()[0]?.reason).toBe('error-rate');
    });
  });

  describe('replaceAll', () => {
    it('should replace the whole state', () => {
      sut.switchOff(entry());

      sut.replaceAll([entry({ feature: 'reports', scope: tenantScope('t1') })]);

      expect(sut.isSwitchedOff('spaces-api', {})).toBe(false);
      expect(sut.isSwitchedOff('reports', { tenantId: 't1' })).toBe(true);
    });
  });

  describe('global kill switch', () => {
    it('should switch every feature off for its scope with the feature *', () => {
      const sut = new KillSwitchRegistry();

      sut.switchOff({ feature: '*', scope: '*', reason: 'manual', at: 1 });

      expect(sut.isSwitchedOff('spaces-api', { tenantId: 't-1' })).toBe(true);
      expect(sut.isSwitchedOff('anything-else', {})).toBe(true);
    });

    it('should limit a global switch to its tenant scope', () => {
      const sut = new KillSwitchRegistry();

      sut.switchOff({ feature: '*', scope: 'tenant:t-1', reason: 'manual', at: 1 });

      expect(sut.isSwitchedOff('spaces-api', { tenantId: 't-1' })).toBe(true);
      expect(sut.isSwitchedOff('spaces-api', { tenantId: 't-2' })).toBe(false);
    });
  });
});
