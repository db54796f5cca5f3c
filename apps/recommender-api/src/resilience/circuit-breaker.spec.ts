import { CircuitBreaker, CircuitState } from './circuit-breaker';

function breakerAt(start = 1_000) {
  let now = start;
  const changes: [CircuitState, CircuitState][] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    windowMs: 1_000,
    coolDownMs: 500,
    clock: () => now,
    onStateChange: (state, previous) => changes.push([previous, state]),
  });
  return { breaker, changes, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and lets every call through', () => {
    const { breaker } = breakerAt();
    breaker.failed();
    breaker.failed();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after N consecutive failures within the window and refuses calls', () => {
    const { breaker, changes } = breakerAt();
    breaker.failed();
    breaker.failed();
    breaker.failed();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(changes).toEqual([['closed', 'open']]);
  });

  it('a success in between resets the streak', () => {
    const { breaker } = breakerAt();
    breaker.failed();
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();
    expect(breaker.state).toBe('closed');
  });

  it('failures spread over more than the window do not open it', () => {
    const { breaker, advance } = breakerAt();
    breaker.failed();
    breaker.failed();
    advance(1_001);
    breaker.failed();
    expect(breaker.state).toBe('closed');
    breaker.failed();
    breaker.failed();
    expect(breaker.state).toBe('open');
  });

  it('lets one probe through after the cool-down (half-open), and closes when it succeeds', () => {
    const { breaker, advance, changes } = breakerAt();
    for (let i = 0; i < 3; i++) breaker.failed();
    advance(499);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe('halfOpen');
    // Only one probe at a time.
    expect(breaker.tryAcquire()).toBe(false);
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'halfOpen'],
      ['halfOpen', 'closed'],
    ]);
  });

  it('opens again for a whole cool-down when the probe fails', () => {
    const { breaker, advance } = breakerAt();
    for (let i = 0; i < 3; i++) breaker.failed();
    advance(500);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failed();
    expect(breaker.state).toBe('open');
    advance(499);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('replaces a probe that never reported after a cool-down', () => {
    const { breaker, advance } = breakerAt();
    for (let i = 0; i < 3; i++) breaker.failed();
    advance(500);
    expect(breaker.tryAcquire()).toBe(true);
    advance(499);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe('halfOpen');
  });

  it('ignores a late failure of a call started before it opened', () => {
    const { breaker, advance } = breakerAt();
    for (let i = 0; i < 3; i++) breaker.failed();
    advance(400);
    breaker.failed();
    advance(100);
    expect(breaker.tryAcquire()).toBe(true);
  });
});
