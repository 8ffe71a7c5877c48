/** Keeps the last `capacity` items; older ones are overwritten, so memory never grows. */
export class RingBuffer<T> {
  private items: T[] = [];
  private next = 0;

  constructor(private capacity: number) {}

  push(item: T): void {
    if (this.capacity <= 0) return;
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Newest first. */
  newestFirst(): T[] {
    const oldestFirst =
      this.items.length < this.capacity ? this.items : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
    return [...oldestFirst].reverse();
  }

  /** Keeps the newest items that still fit. */
  resize(capacity: number): void {
    const kept = this.newestFirst().slice(0, Math.max(capacity, 0)).reverse();
    this.capacity = capacity;
    this.items = kept;
    this.next = capacity > 0 ? kept.length % capacity : 0;
  }

  clear(): void {
    this.items = [];
    this.next = 0;
  }

  get size(): number {
    return this.items.length;
  }
}
