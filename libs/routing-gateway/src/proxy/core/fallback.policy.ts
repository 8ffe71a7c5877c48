import { RouteDecision } from '../../decision/core/routing.decision';

export const SERVED_BY_HEADER = 'X-Served-By';
export const FALLBACK_HEADER = 'X-Fallback';

/** The value of `X-Fallback` when a request was replayed to legacy. */
export type FallbackReason = 'new-5xx' | 'new-timeout' | 'circuit-open' | 'new-error';

/** How the new side failed; whichever field the proxy knows. */
export interface NewSideOutcome {
  status?: number;
  timedOut?: boolean;
  circuitOpen?: boolean;
  /** Connection refused, reset, or a handler crash before any status. */
  error?: boolean;
}

export interface ReplayAttempt {
  method: string;
  /** Status or body bytes already went to the client. */
  responseStarted: boolean;
}

export type ReplayBlocker = 'response-started' | 'not-new-target' | 'fallback-off' | 'method-not-replayable';

const SAFE_METHODS: readonly string[] = ['GET', 'HEAD'];

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.includes(method.toUpperCase());
}

/** Which new-side failures fall back; a 4xx is the new side's answer, not a failure. */
export function fallbackReasonOf(outcome: NewSideOutcome): FallbackReason | undefined {
  if (outcome.circuitOpen) return 'circuit-open';
  if (outcome.timedOut) return 'new-timeout';
  if (outcome.status !== undefined && outcome.status >= 500) return 'new-5xx';
  if (outcome.error) return 'new-error';
  return undefined;
}

/**
 * Why a failed new-side request must not be replayed to legacy, or undefined when it may be. Only GET and
 * HEAD are replayed (design.md D60), whatever the mode (`safe`, or `always`, which now means the same):
 * a write that failed or ran late on the new side may have committed on the database both sides share,
 * and the new side's handler cannot be stopped at the deadline, so legacy would write it a second time.
 * An `Idempotency-Key` proves nothing here: the two sides share no deduplication. `off` never replays;
 * nothing is replayed once the client has seen part of the response (it would get two answers spliced).
 */
export function replayBlocker(decision: Pick<RouteDecision, 'target' | 'fallback'>, attempt: ReplayAttempt): ReplayBlocker | undefined {
  if (attempt.responseStarted) return 'response-started';
  if (decision.target !== 'new') return 'not-new-target';
  if (decision.fallback === 'off') return 'fallback-off';
  if (!isSafeMethod(attempt.method)) return 'method-not-replayable';
  return undefined;
}

export function canReplay(decision: Pick<RouteDecision, 'target' | 'fallback'>, attempt: ReplayAttempt): boolean {
  return replayBlocker(decision, attempt) === undefined;
}

/** Shadow runs only safe methods: a background POST would write twice. */
export function shouldShadow(decision: Pick<RouteDecision, 'target'>, method: string): boolean {
  return decision.target === 'shadow' && isSafeMethod(method);
}
