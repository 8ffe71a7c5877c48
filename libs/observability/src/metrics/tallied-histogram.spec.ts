import { AggregatorRegistry, Histogram, Metric, Registry } from 'prom-client';
import { TalliedHistogram } from './tallied-histogram';

const labelNames = ['method', 'route', 'status_code'];
const buckets = [0.005, 0.01, 0.1, 1];
/** Values on, between, below and above the bounds, over three label sets. */
const observations: Array<[string[], number]> = [
  [['GET', '/spaces/:id', '200'], 0.001],
  [['GET', '/spaces/:id', '200'], 0.005],
  [['GET', '/spaces/:id', '200'], 0.0051],
  [['GET', '/spaces/:id', '404'], 0.5],
  [['POST', '/spaces', '201'], 1],
  [['POST', '/spaces', '201'], 7.25],
  [['GET', '/spaces/:id', '200'], 0.05],
];

/** The same observations in a prom-client Histogram and in a TalliedHistogram, each in its own registry. */
function both() {
  const reference = new Registry();
  const histogram = new Histogram({ name: 'probe_seconds', help: 'probe', labelNames, buckets, registers: [reference] });
  const tallied = new Registry();
  const sut = new TalliedHistogram('probe_seconds', 'probe', labelNames, buckets);
  tallied.registerMetric(sut as unknown as Metric);
  for (const [values, value] of observations) {
    histogram.observe(Object.fromEntries(labelNames.map((name, index) => [name, values[index]])), value);
    sut.observe(values, value);
  }
  return { reference, tallied, sut };
}

describe(TalliedHistogram.name, () => {
  it("should serve the same exposition text as prom-client's histogram for the same observations", async () => {
    const { reference, tallied } = both();

    const text = await tallied.metrics();

    expect(text).toBe(await reference.metrics());
    expect(text).toContain('probe_seconds_bucket{le="0.01",method="GET",route="/spaces/:id",status_code="200"} 3');
  });

  it("should sum across workers as prom-client's histogram does (WORKERS=N)", async () => {
    const { reference, tallied } = both();

    const summed = AggregatorRegistry.aggregate([await tallied.getMetricsAsJSON(), await tallied.getMetricsAsJSON()]);

    expect(await summed.metrics()).toBe(
      await AggregatorRegistry.aggregate([await reference.getMetricsAsJSON(), await reference.getMetricsAsJSON()]).metrics(),
    );
  });

  it('should start again from nothing when the registry is reset', async () => {
    const { tallied, sut } = both();

    tallied.resetMetrics();
    sut.observe(['GET', '/x', '200'], 0.2);

    const text = await tallied.metrics();
    expect(text).not.toContain('/spaces');
    expect(text).toContain('probe_seconds_count{method="GET",route="/x",status_code="200"} 1');
  });
});
