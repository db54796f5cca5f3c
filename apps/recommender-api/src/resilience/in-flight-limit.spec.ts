import { InFlightLimit } from './in-flight-limit';

describe('InFlightLimit', () => {
  it('lets requests in up to the bound, refuses past it, and counts those that leave', () => {
    const limit = new InFlightLimit(2);
    expect(limit.tryEnter()).toBe(true);
    expect(limit.tryEnter()).toBe(true);
    expect(limit.tryEnter()).toBe(false);
    expect(limit.count).toBe(2);
    limit.leave();
    expect(limit.tryEnter()).toBe(true);
    limit.leave();
    limit.leave();
    limit.leave();
    expect(limit.count).toBe(0);
  });
});
