import { PLACE_CATEGORIES, PlaceCategory } from '@app/catalog';

/**
 * What a member's profile says they like, as place categories: the catalog keeps free-text interests ("coffee",
 * "museums", "live music"), and the feed reads the ones that name a kind of outing. A brand-new member has no taste
 * embedding and no signals, so these are all the cold-start feed knows of them.
 */
const INTEREST_WORDS: Readonly<Record<PlaceCategory, readonly string[]>> = {
  museum: ['museums', 'art history'],
  gallery: ['contemporary art', 'art', 'galleries', 'painting'],
  landmark: ['architecture', 'landmarks', 'sightseeing'],
  viewpoint: ['photography', 'views', 'sunsets'],
  park: ['running', 'parks', 'picnics'],
  garden: ['gardening', 'gardens', 'botany'],
  beach: ['surfing', 'beaches', 'swimming'],
  hiking: ['hiking', 'trekking', 'outdoors'],
  cafe: ['coffee', 'cafes', 'cafés', 'tea'],
  bakery: ['baking', 'pastry', 'bread'],
  restaurant: ['food', 'dining', 'cooking', 'gastronomy'],
  street_food: ['street food'],
  bar: ['cocktails', 'bars', 'beer'],
  wine_bar: ['wine'],
  nightclub: ['dancing', 'clubbing', 'nightlife'],
  live_music: ['live music', 'concerts', 'gigs'],
  theatre: ['theatre', 'theater', 'opera'],
  cinema: ['film', 'cinema', 'movies'],
  market: ['markets', 'flea markets'],
  shopping: ['design', 'shopping', 'fashion'],
  bookstore: ['books', 'reading', 'literature'],
  hotel: ['travel', 'hotels'],
  spa: ['wellness', 'spa', 'relaxation'],
  sports: ['climbing', 'sports', 'football'],
  religious_site: ['history', 'religion', 'churches'],
  historic_site: ['history', 'heritage'],
  zoo: ['wildlife', 'animals'],
  aquarium: ['ocean life', 'marine life'],
};

const CATEGORIES_BY_WORD: ReadonlyMap<string, readonly PlaceCategory[]> = (() => {
  const byWord = new Map<string, PlaceCategory[]>();
  const add = (word: string, category: PlaceCategory) => {
    const key = normalize(word);
    const list = byWord.get(key) ?? [];
    if (!list.includes(category)) list.push(category);
    byWord.set(key, list);
  };
  for (const category of PLACE_CATEGORIES) {
    add(category, category);
    add(category.replace('_', ' '), category);
    for (const word of INTEREST_WORDS[category]) add(word, category);
  }
  return byWord;
})();

function normalize(word: string): string {
  return word.trim().toLowerCase();
}

/** The place categories a member's interests name, in the order of the interests, each once. */
export function statedCategories(interests: readonly string[]): PlaceCategory[] {
  const out: PlaceCategory[] = [];
  for (const interest of interests) {
    for (const category of CATEGORIES_BY_WORD.get(normalize(interest)) ?? []) {
      if (!out.includes(category)) out.push(category);
    }
  }
  return out;
}
