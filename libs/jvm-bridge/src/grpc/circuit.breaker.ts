export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Stops calling a service that keeps failing: after `failureThreshold` failures in a row it opens;
 * after `cooldownMs` one trial call is let through (half-open), which closes or reopens it.
 * Not cockatiel (design.md D50): its breaker stays "open" until a call arrives and holds the calls
 * that come during the trial instead of refusing them, and reads Date.now() instead of our Clock.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt?: number;
  private trialInFlight = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** False while open, and for every call but the one trial while half-open. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  succeeded(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  failed(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.openedAt !== undefined || this.failures >= this.failureThreshold) this.openedAt = this.now();
  }
}
