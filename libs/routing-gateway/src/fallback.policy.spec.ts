import { FallbackMode, Target } from './routing-document.model';
import { ReplayAttempt, ReplayBlocker, canReplay, fallbackReasonOf, isSafeMethod, replayBlocker, shouldShadow } from './fallback.policy';

function attempt(overrides: Partial<ReplayAttempt> = {}): ReplayAttempt {
  return { method: 'GET', hasIdempotencyKey: false, responseStarted: false, bodyBuffered: true, ...overrides };
}

describe(replayBlocker.name, () => {
  it.each<[FallbackMode, string, boolean, ReplayBlocker | undefined]>([
    ['off', 'GET', false, 'fallback-off'],
    ['off', 'POST', true, 'fallback-off'],
    ['safe', 'GET', false, undefined],
    ['safe', 'HEAD', false, undefined],
    ['safe', 'get', false, undefined],
    ['safe', 'POST', false, 'method-not-replayable'],
    ['safe', 'PUT', false, 'method-not-replayable'],
    ['safe', 'PATCH', false, 'method-not-replayable'],
    ['safe', 'DELETE', false, 'method-not-replayable'],
    ['safe', 'OPTIONS', false, 'method-not-replayable'],
    ['safe', 'POST', true, undefined],
    ['safe', 'DELETE', true, undefined],
    ['always', 'GET', false, undefined],
    ['always', 'POST', false, undefined],
    ['always', 'PATCH', false, undefined],
    ['always', 'DELETE', true, undefined],
  ])('should answer fallback %s, method %s, idempotency key %s with %s', (fallback, method, hasIdempotencyKey, expected) => {
    const blocker = replayBlocker({ target: 'new', fallback }, attempt({ method, hasIdempotencyKey }));

    expect(blocker).toBe(expected);
  });

  it.each<FallbackMode>(['off', 'safe', 'always'])('should never replay once the response has started (fallback %s)', (fallback) => {
    const blocker = replayBlocker({ target: 'new', fallback }, attempt({ responseStarted: true, hasIdempotencyKey: true }));

    expect(blocker).toBe('response-started');
  });

  it.each<Target>(['legacy', 'shadow'])('should not replay a request that was not sent to the new side (%s)', (target) => {
    const blocker = replayBlocker({ target, fallback: 'always' }, attempt());

    expect(blocker).toBe('not-new-target');
  });

  it.each<[FallbackMode, string, boolean]>([
    ['always', 'POST', false],
    ['safe', 'POST', true],
  ])('should not replay a body that outgrew the buffer (fallback %s, %s, key %s)', (fallback, method, hasIdempotencyKey) => {
    const blocker = replayBlocker({ target: 'new', fallback }, attempt({ method, hasIdempotencyKey, bodyBuffered: false }));

    expect(blocker).toBe('body-not-buffered');
  });
});

describe(canReplay.name, () => {
  it.each<[FallbackMode, ReplayAttempt, boolean]>([
    ['safe', attempt(), true],
    ['safe', attempt({ method: 'POST' }), false],
    ['always', attempt({ method: 'POST' }), true],
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
