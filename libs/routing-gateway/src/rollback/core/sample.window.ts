export interface WindowStatistics {
  count: number;
  errors: number;
  errorRate: number;
  /** Nearest-rank 95th percentile of durations; 0 when empty. */
  p95: number;
}

export interface Sample {
  at: number;
  ok: boolean;
  durationMs: number;
}

const INITIAL_CAPACITY = 64;

/**
 * Samples in time order in a ring of typed arrays, oldest dropped first: by age, and by count past
 * `maxSamples`. Adding and expiring are O(1) and allocate nothing once the ring has grown; the error
 * count is kept as samples come and go, so only the percentile has to look at the whole window.
 */
export class SampleWindow {
  private at = new Float64Array(INITIAL_CAPACITY);
  private duration = new Float64Array(INITIAL_CAPACITY);
  private failed = new Uint8Array(INITIAL_CAPACITY);
  private oldest = 0;
  private count = 0;
  private errorCount = 0;

  add(sample: Sample, maxSamples: number): void {
    while (this.count >= maxSamples && this.count > 0) this.dropOldest();
    if (this.count === this.at.length) this.grow(Math.max(this.count + 1, Math.min(maxSamples, this.at.length * 2)));
    const slot = (this.oldest + this.count) % this.at.length;
    this.at[slot] = sample.at;
    this.duration[slot] = sample.durationMs;
    this.failed[slot] = sample.ok ? 0 : 1;
    this.errorCount += sample.ok ? 0 : 1;
    this.count += 1;
  }

  /** Drops samples taken before `before`. */
  expire(before: number): void {
    while (this.count > 0 && (this.at[this.oldest] as number) < before) this.dropOldest();
  }

  get size(): number {
    return this.count;
  }

  get errors(): number {
    return this.errorCount;
  }

  statistics(): WindowStatistics {
    return {
      count: this.count,
      errors: this.errorCount,
      errorRate: this.count === 0 ? 0 : this.errorCount / this.count,
      p95: this.percentile(95),
    };
  }

  /**
   * Nearest rank over the live samples, done only when asked: one copy and a selection, linear in the window
   * (a full sort of 10,000 samples, four times a second per window, showed in the request path's profile).
   */
  private percentile(percentile: number): number {
    if (this.count === 0) return 0;
    const values = new Float64Array(this.count);
    for (let index = 0; index < this.count; index += 1) values[index] = this.duration[(this.oldest + index) % this.at.length] as number;
    return kthSmallest(values, Math.max(1, Math.ceil((percentile / 100) * values.length)) - 1);
  }

  private dropOldest(): void {
    this.errorCount -= this.failed[this.oldest] as number;
    this.oldest = (this.oldest + 1) % this.at.length;
    this.count -= 1;
  }

  private grow(capacity: number): void {
    const at = new Float64Array(capacity);
    const duration = new Float64Array(capacity);
    const failed = new Uint8Array(capacity);
    for (let index = 0; index < this.count; index += 1) {
      const from = (this.oldest + index) % this.at.length;
      at[index] = this.at[from] as number;
      duration[index] = this.duration[from] as number;
      failed[index] = this.failed[from] as number;
    }
    this.at = at;
    this.duration = duration;
    this.failed = failed;
    this.oldest = 0;
  }
}

/** The value `k` places from the smallest (0-based), by Hoare's selection; reorders `values`. */
export function kthSmallest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    // The median of three as pivot keeps sorted and reversed windows linear.
    const middle = (low + high) >>> 1;
    const pivot = medianOfThree(values[low] as number, values[middle] as number, values[high] as number);
    let left = low;
    let right = high;
    while (left <= right) {
      while ((values[left] as number) < pivot) left += 1;
      while ((values[right] as number) > pivot) right -= 1;
      if (left <= right) {
        const swap = values[left] as number;
        values[left] = values[right] as number;
        values[right] = swap;
        left += 1;
        right -= 1;
      }
    }
    if (k <= right) high = right;
    else if (k >= left) low = left;
    else return values[k] as number;
  }
  return values[k] as number;
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}
