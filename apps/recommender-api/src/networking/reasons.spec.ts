import { NEW_HERE, industryName, reasonsFor, shared } from './reasons';

describe('reasonsFor', () => {
  it('gives at most three, the strongest first', () => {
    expect(
      reasonsFor({
        mutualConnections: 3,
        sharedIndustries: ['film'],
        sharedInterests: ['surfing'],
        isNew: true,
      }),
    ).toEqual(['3 mutual connections', 'You both work in film', NEW_HERE]);
    expect(
      reasonsFor({
        mutualConnections: 1,
        sharedIndustries: [],
        sharedInterests: ['surfing', 'jazz'],
        isNew: false,
      }),
    ).toEqual(['1 mutual connection', 'You both like surfing']);
    expect(
      reasonsFor({ mutualConnections: 0, sharedIndustries: [], sharedInterests: [], isNew: false }),
    ).toEqual([]);
  });

  it('writes industries as words', () => {
    expect(industryName('real_estate')).toBe('real estate');
    expect(
      reasonsFor({
        mutualConnections: 0,
        sharedIndustries: ['real_estate'],
        sharedInterests: [],
        isNew: false,
      }),
    ).toEqual(['You both work in real estate']);
  });
});

describe('shared', () => {
  it('keeps my order and drops repeats', () => {
    expect(shared(['jazz', 'surfing', 'jazz', 'chess'], ['chess', 'jazz'])).toEqual(['jazz', 'chess']);
  });
});
