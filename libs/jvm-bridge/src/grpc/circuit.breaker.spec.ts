import { CircuitBreaker } from './circuit.breaker';

function createSut() {
  let now = 0;
  const sut = new CircuitBreaker(3, 1_000, () => now);
  return { sut, advance: (milliseconds: number) => (now += milliseconds) };
}

describe(CircuitBreaker.name, () => {
  it('should stay closed below the failure threshold and reset on success', () => {
    const { sut } = createSut();

    sut.failed();
    sut.failed();
    sut.succeeded();
    sut.failed();
    sut.failed();

    expect([sut.state, sut.allow()]).toEqual(['closed', true]);
  });

  it('should open at the threshold and refuse calls until the cool-down', () => {
    const { sut, advance } = createSut();
    for (let failure = 0; failure < 3; failure += 1) sut.failed();

    const whileOpen = sut.allow();
    advance(999);
    const justBefore = sut.allow();

    expect([sut.state, whileOpen, justBefore]).toEqual(['open', false, false]);
  });

  it('should report half-open once the cool-down has passed, before any call arrives', () => {
    const { sut, advance } = createSut();
    for (let failure = 0; failure < 3; failure += 1) sut.failed();

    advance(1_000);

    // /health/ready reads this: an idle node taken out of rotation must not stay "open" for lack of calls.
    expect(sut.state).toBe('half-open');
  });

  it('should let exactly one trial through when half-open, closing on its success', () => {
    const { sut, advance } = createSut();
    for (let failure = 0; failure < 3; failure += 1) sut.failed();
    advance(1_000);

    const trial = sut.allow();
    const concurrent = sut.allow();
    sut.succeeded();

    expect([trial, concurrent, sut.state, sut.allow()]).toEqual([true, false, 'closed', true]);
  });

  it('should reopen for a full cool-down when the trial fails', () => {
    const { sut, advance } = createSut();
    for (let failure = 0; failure < 3; failure += 1) sut.failed();
    advance(1_000);

    sut.allow();
    sut.failed();
    const afterFailedTrial = sut.state;
    advance(999);

    expect([afterFailedTrial, sut.state]).toEqual(['open', 'open']);
  });
});
