import { FallbackMode, Target } from '../../document/core/routing-document.model';
import { ReplayAttempt, ReplayBlocker, canReplay, fallbackReasonOf, isSafeMethod, replayBlocker, shouldShadow } from './fallback.policy';

function attempt(overrides: Partial<ReplayAttempt> = {}): ReplayAttempt {
  return { method: 'GET', responseStarted: false, ...overrides };
}

describe(replayBlocker.name, () => {
  it.each<[FallbackMode, string, ReplayBlocker | undefined]>([
    ['off', 'GET', 'fallback-off'],
    ['off', 'POST', 'fallback-off'],
    ['safe', 'GET', undefined],
    ['safe', 'HEAD', undefined],
    ['safe', 'get', undefined],
    ['safe', 'POST', 'method-not-replayable'],
    ['safe', 'PUT', 'method-not-replayable'],
    ['safe', 'PATCH', 'method-not-replayable'],
    ['safe', 'DELETE', 'method-not-replayable'],
    ['safe', 'OPTIONS', 'method-not-replayable'],
    ['always', 'GET', undefined],
    ['always', 'POST', 'method-not-replayable'],
    ['always', 'PATCH', 'method-not-replayable'],
    ['always', 'DELETE', 'method-not-replayable'],
  ])('should answer fallback %s, method %s with %s: a write may have committed on the shared database', (fallback, method, expected) => {
    const blocker = replayBlocker({ target: 'new', fallback }, attempt({ method }));

    expect(blocker).toBe(expected);
  });

  it.each<FallbackMode>(['off', 'safe', 'always'])('should never replay once the response has started (fallback %s)', (fallback) => {
    const blocker = replayBlocker({ target: 'new', fallback }, attempt({ responseStarted: true }));

    expect(blocker).toBe('response-started');
  });

  it.each<Target>(['legacy', 'shadow'])('should not replay a request that was not sent to the new side (%s)', (target) => {
    const blocker = replayBlocker({ target, fallback: 'always' }, attempt());

    expect(blocker).toBe('not-new-target');
  });
});

describe(canReplay.name, () => {
  it.each<[FallbackMode, ReplayAttempt, boolean]>([
    ['safe', attempt(), true],
    ['safe', attempt({ method: 'POST' }), false],
    ['always', attempt({ method: 'POST' }), false],
    ['always', attempt({ responseStarted: true }), false],
    ['off', attempt(), false],
  ])('should say fallback %s with %j can replay: %s', (fallback, input, expected) => {
    const replayable = canReplay({ target: 'new', fallback }, input);

    expect(replayable).toBe(expected);
  });
});

describe(fallbackReasonOf.name, () => {
  it.each([
    [{ status: 500 }, 'new-5xx'],
    [{ status: 503 }, 'new-5xx'],
    [{ status: 599 }, 'new-5xx'],
    [{ timedOut: true }, 'new-timeout'],
    [{ circuitOpen: true }, 'circuit-open'],
    [{ error: true }, 'new-error'],
    [{ circuitOpen: true, error: true }, 'circuit-open'],
    [{ timedOut: true, error: true }, 'new-timeout'],
    [{ status: 502, error: true }, 'new-5xx'],
    [{ status: 200 }, undefined],
    [{ status: 404 }, undefined],
    [{ status: 499 }, undefined],
    [{}, undefined],
  ])('should classify %j as %s', (outcome, expected) => {
    const reason = fallbackReasonOf(outcome);

    expect(reason).toBe(expected);
  });
});

describe(isSafeMethod.name, () => {
  it.each([
    ['GET', true],
    ['HEAD', true],
    ['head', true],
    ['OPTIONS', false],
    ['POST', false],
    ['DELETE', false],
  ])('should say %s is safe: %s', (method, expected) => {
    const safe = isSafeMethod(method);

    expect(safe).toBe(expected);
  });
});

describe(shouldShadow.name, () => {
  it.each<[Target, string, boolean]>([
    ['shadow', 'GET', true],
    ['shadow', 'HEAD', true],
    ['shadow', 'POST', false],
    ['shadow', 'DELETE', false],
    ['legacy', 'GET', false],
    ['new', 'GET', false],
  ])('should shadow target %s, method %s: %s', (target, method, expected) => {
    const shadowed = shouldShadow({ target }, method);

    expect(shadowed).toBe(expected);
  });
});
