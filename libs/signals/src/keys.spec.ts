import { SignalKeys, utcDay, utcDaysEndingAt } from './keys';

describe('SignalKeys', () => {
  const keys = new SignalKeys('test:');

  it("puts a member's keys under the hash tag {memberId}, after the prefix", () => {
    expect(keys.recentPositives('m1')).toBe('test:sig:{m1}:recent');
    expect(keys.negatives('m1')).toBe('test:sig:{m1}:negative');
    expect(keys.seen('m1')).toBe('test:sig:{m1}:seen');
    expect(keys.seenCounts('m1')).toBe('test:sig:{m1}:seen-count');
    expect(keys.affinities('m1')).toBe('test:sig:{m1}:affinity');
    expect(keys.likedBy('m1')).toBe('test:sig:{m1}:liked-by');
    expect(keys.eventId('m1', 'e1')).toBe('test:sig:{m1}:event:e1');
  });

  it('tags per-target counters with the kind and id, per UTC day', () => {
    expect(keys.impressionsOnDay({ kind: 'place', id: 'p1' }, '20250106')).toBe(
      'test:sig:target:{place:p1}:impressions:20250106',
    );
    expect(keys.likesOnDay({ kind: 'member', id: 'm1' }, '20250106')).toBe(
      'test:sig:target:{member:m1}:likes:20250106',
    );
    expect(keys.eventStream()).toBe('test:sig:events');
  });

  it("lists a target's counters of several days as the single-day keys, impressions before likes, day by day", () => {
    const target = { kind: 'place', id: 'p:1' } as const;
    expect(keys.countersOnDays(target, ['20250106', '20250105'])).toEqual([
      'test:sig:target:{place:p%3A1}:impressions:20250106',
      'test:sig:target:{place:p%3A1}:likes:20250106',
      'test:sig:target:{place:p%3A1}:impressions:20250105',
      'test:sig:target:{place:p%3A1}:likes:20250105',
    ]);
    expect(keys.countersOnDays(target, ['20250106'])).toEqual([
      keys.impressionsOnDay(target, '20250106'),
      keys.likesOnDay(target, '20250106'),
    ]);
    expect(keys.countersOnDays(target, [])).toEqual([]);
  });

  it('encodes ids, so braces and colons can neither move the hash tag nor make two keys equal', () => {
    expect(keys.recentPositives('a}b')).toBe('test:sig:{a%7Db}:recent');
    // Without encoding, member "m}:event:e1" would own member "m"'s marker of event "e1}:recent".
    expect(keys.recentPositives('m}:event:e1')).not.toBe(keys.eventId('m', 'e1}:recent'));
  });

  it('has no prefix by default, and a SCAN pattern that escapes glob characters of the prefix', () => {
    expect(new SignalKeys().recentPositives('m1')).toBe('sig:{m1}:recent');
    expect(new SignalKeys('run[1]*:').everyKeyPattern()).toBe('run\\[1\\]\\*:sig:*');
  });
});

describe('utcDay', () => {
  it('names the UTC day, not the local one', () => {
    expect(utcDay(Date.UTC(2025, 0, 6, 0, 0, 0, 0))).toBe('20250106');
    expect(utcDay(Date.UTC(2025, 0, 6, 23, 59, 59, 999))).toBe('20250106');
    expect(utcDay(Date.UTC(2024, 11, 31, 23, 59))).toBe('20241231');
  });

  it('lists the days ending with today, newest first, across a month end', () => {
    expect(utcDaysEndingAt(Date.UTC(2025, 2, 1, 8), 3)).toEqual(['20250301', '20250228', '20250227']);
  });
});
