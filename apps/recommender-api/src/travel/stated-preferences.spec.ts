import { statedCategories } from './stated-preferences';

describe('statedCategories', () => {
  it('reads the interests that name a kind of outing, in order, each category once', () => {
    expect(statedCategories(['Coffee', 'chess', 'live music', 'museums', 'coffee', 'history'])).toEqual([
      'cafe',
      'live_music',
      'museum',
      'religious_site',
      'historic_site',
    ]);
  });

  it('takes category names as they are written in the catalog too', () => {
    expect(statedCategories(['street_food', 'street food', 'wine bar'])).toEqual(['street_food', 'wine_bar']);
    expect(statedCategories([])).toEqual([]);
  });
});
