import { otherCityShareOf } from './experiment-simulate.simulation';
import { MemberOutcome } from './simulate-networking.simulation';

const seen = (impressionsSeen: number, otherCitySeen: number): MemberOutcome => ({
  id: 'm',
  city: 'c',
  impressionsSeen,
  otherCitySeen,
  likesGiven: 0,
  impressionsReceived: 0,
  likesReceived: 0,
  matches: 0,
  daysSeen: 0,
  daysPresent: 1,
});

describe('otherCityShareOf', () => {
  it("pools the members' impressions: (5 + 0 + 15) / (20 + 0 + 30) = 0.4", () => {
    expect(otherCityShareOf([seen(20, 5), seen(0, 0), seen(30, 15)])).toBe(0.4);
  });

  it('is 0 when nothing was seen', () => {
    expect(otherCityShareOf([seen(0, 0)])).toBe(0);
    expect(otherCityShareOf([])).toBe(0);
  });
});
