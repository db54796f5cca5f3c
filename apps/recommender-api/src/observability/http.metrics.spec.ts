import { routeLabel, UNMATCHED_ROUTE } from './http.metrics';

describe('routeLabel', () => {
  it('is the route pattern, with the literal colon of `places:batch` unescaped', () => {
    expect(routeLabel('/v1/travel/members/:memberId/places')).toBe('/v1/travel/members/:memberId/places');
    expect(routeLabel('/v1/catalog/places\\:batch')).toBe('/v1/catalog/places:batch');
  });

  it('groups requests that matched no route under one label', () => {
    expect(routeLabel(undefined)).toBe(UNMATCHED_ROUTE);
  });
});
