import { PooledRandomIdGenerator } from './pooled-random-id.generator';

describe(PooledRandomIdGenerator.name, () => {
  it('should make 32-digit trace ids and 16-digit span ids of lower-case hex', () => {
    const sut = new PooledRandomIdGenerator();

    expect(sut.generateTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(sut.generateSpanId()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('should never repeat an id across many refills of its pool', () => {
    const sut = new PooledRandomIdGenerator();

    const ids = Array.from({ length: 2_000 }, (_, index) => (index % 2 === 0 ? sut.generateTraceId() : sut.generateSpanId()));

    expect(new Set(ids).size).toBe(ids.length);
  });
});
