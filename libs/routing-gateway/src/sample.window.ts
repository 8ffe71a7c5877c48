export interface WindowStatistics {
  count: number;
  errors: number;
  errorRate: number;
  /** Nearest-rank 95th percentile of durations; 0 when empty. */
  p95: number;
}

interface Sample {
  at: number;
  ok: boolean;
  durationMs: number;
}

/** Samples in time order, oldest dropped first: by age on every read and write, and by count past `maxSamples`. */
export class SampleWindow {
  private samples: Sample[] = [];
  private head = 0;

  add(sample: Sample, maxSamples: number): void {
    this.samples.push(sample);
    if (this.samples.length - this.head > maxSamples) this.head = this.samples.length - maxSamples;
    this.compact();
  }

  expire(before: number): void {
    while (this.head < this.samples.length && (this.samples[this.head] as Sample).at < before) this.head += 1;
    this.compact();
  }

  get size(): number {
    return this.samples.length - this.head;
  }

  statistics(): WindowStatistics {
    const live = this.samples.slice(this.head);
    const errors = live.filter((sample) => !sample.ok).length;
    return {
      count: live.length,
      errors,
      errorRate: live.length === 0 ? 0 : errors / live.length,
      p95: nearestRankPercentile(
        live.map((sample) => sample.durationMs),
        95,
      ),
    };
  }

  /** Drops the consumed front in one go once it is half the array, keeping `add` amortised O(1). */
  private compact(): void {
    if (this.head > 0 && this.head * 2 >= this.samples.length) {
      this.samples = this.samples.slice(this.head);
      this.head = 0;
    }
  }
}

export function nearestRankPercentile(values: number[], percentile: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1] as number;
}
