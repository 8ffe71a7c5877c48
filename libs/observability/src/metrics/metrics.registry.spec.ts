import { MetricsRegistry } from './metrics.registry';

describe(MetricsRegistry.name, () => {
  it('should give each application its own registry, so two in one process never collide', async () => {
    const first = new MetricsRegistry();
    const second = new MetricsRegistry();

    first.counter('switchyard_probe_total', 'probe', ['side']).inc({ side: 'a' });
    second.counter('switchyard_probe_total', 'probe', ['side']).inc({ side: 'b' });

    expect(await first.metrics()).toContain('switchyard_probe_total{side="a"} 1');
    expect(await first.metrics()).not.toContain('side="b"');
    expect(await second.metrics()).toContain('switchyard_probe_total{side="b"} 1');
  });

  it('should refuse the same name twice in one application', () => {
    const sut = new MetricsRegistry();
    sut.counter('switchyard_twice_total', 'twice', []);

    expect(() => sut.counter('switchyard_twice_total', 'twice', [])).toThrow(/already been registered/);
  });

  it('should expose the process metrics without gauges named like counters', async () => {
    const text = await new MetricsRegistry().metrics();

    const gauges = [...text.matchAll(/^# TYPE (\S+) gauge$/gm)].map((match) => match[1]);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(gauges).toContain('nodejs_active_handles');
    expect(gauges.filter((name) => name!.endsWith('_total'))).toEqual([]);
  });

  it('should count a tally in plain numbers and serve the totals by label set, counting on after each scrape', async () => {
    const sut = new MetricsRegistry();
    const tally = sut.tally('switchyard_tally_total', 'tally', ['target', 'reason']);

    tally.inc('new', 'rule');
    tally.inc('new', 'rule');
    tally.inc('legacy', 'default');
    const first = await sut.metrics();
    tally.inc('new', 'rule');
    const second = await sut.metrics();

    expect(first).toContain('# TYPE switchyard_tally_total counter');
    expect(first).toContain('switchyard_tally_total{target="new",reason="rule"} 2');
    expect(first).toContain('switchyard_tally_total{target="legacy",reason="default"} 1');
    expect(second).toContain('switchyard_tally_total{target="new",reason="rule"} 3');
    expect(second).toContain('switchyard_tally_total{target="legacy",reason="default"} 1');
  });
});
