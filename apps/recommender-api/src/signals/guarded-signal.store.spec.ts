import { InMemorySignalStore, SignalEvent, SignalStore } from '@app/signals';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { GuardedSignalStore, SignalsUnavailableError } from './guarded-signal.store';

const event: SignalEvent = {
  id: 'e1',
  type: 'like',
  memberId: 'ana',
  target: { kind: 'place', id: 'p1' },
  at: Date.now(),
};

/** A store whose calls fail while `failing` is set, counting the calls that reached it. */
function flakyStore() {
  const inner = new InMemorySignalStore();
  const state = { failing: false, calls: 0 };
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close' || property === 'ping') return value;
      return (...args: unknown[]) => {
        state.calls++;
        if (state.failing) return Promise.reject(new Error('Command timed out'));
        return value.apply(target, args);
      };
    },
  }) as SignalStore;
  return { store, state };
}

describe('GuardedSignalStore', () => {
  let now: number;
  const breaker = () =>
    new CircuitBreaker({ failureThreshold: 3, windowMs: 10_000, coolDownMs: 1_000, clock: () => now });

  beforeEach(() => {
    now = 0;
  });

  it('passes calls through while Redis answers', async () => {
    const { store } = flakyStore();
    const guarded = new GuardedSignalStore(store, breaker());
    expect(await guarded.record([event])).toEqual({ recorded: 1, duplicates: [] });
    expect((await guarded.readMember('ana')).recentPositives).toHaveLength(1);
  });

  it('fails at once, without calling Redis, while the connection is down', async () => {
    const { store, state } = flakyStore();
    let connected = false;
    const guarded = new GuardedSignalStore(store, breaker(), () => connected);
    await expect(guarded.readMember('ana')).rejects.toThrow(
      new SignalsUnavailableError('Redis is disconnected'),
    );
    expect(state.calls).toBe(0);
    connected = true;
    await expect(guarded.readMember('ana')).resolves.toMatchObject({ memberId: 'ana' });
  });

  it('opens after 3 failures, then fails at once until a probe after the cool-down succeeds', async () => {
    const { store, state } = flakyStore();
    const guarded = new GuardedSignalStore(store, breaker());
    state.failing = true;
    for (let i = 0; i < 3; i++) await expect(guarded.readMember('ana')).rejects.toThrow('Command timed out');
    expect(state.calls).toBe(3);
    await expect(guarded.record([event])).rejects.toThrow(SignalsUnavailableError);
    expect(state.calls).toBe(3);
    state.failing = false;
    now += 1_000;
    // The probe goes through and closes the circuit.
    await expect(guarded.readMember('ana')).resolves.toMatchObject({ memberId: 'ana' });
    await expect(guarded.record([event])).resolves.toEqual({ recorded: 1, duplicates: [] });
    expect(state.calls).toBe(5);
  });

  it('does not count a refused input as a failure of Redis', async () => {
    const { store } = flakyStore();
    const guarded = new GuardedSignalStore(store, breaker());
    const malformed = { ...event, type: 'shout' } as unknown as SignalEvent;
    for (let i = 0; i < 5; i++) await expect(guarded.record([malformed])).rejects.toThrow(TypeError);
    await expect(guarded.record([event])).resolves.toEqual({ recorded: 1, duplicates: [] });
  });
});
