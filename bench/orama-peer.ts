/**
 * The peer: @orama/orama, the pure-JavaScript embedded search engine a Node developer would otherwise pick, loaded
 * with the same documents and asked the same questions through its own API.
 */
import { AnyOrama, create, insertMultiple, MODE_VECTOR_SEARCH, search } from '@orama/orama';
import { FILTER_FIELD, FS_CITY, FS_MIN_RATING, GeoQuery, K, PlaceColumns } from './search-workload';
import { placeScore, TopDocs } from './search-floors';

const SCHEMA = {
  name: 'string',
  description: 'string',
  city: 'enum',
  categories: 'enum[]',
  location: 'geopoint',
  rating: 'number',
  rating_count: 'number',
  price_level: 'number',
  popularity: 'number',
  curated: 'boolean',
  embedding: 'vector[64]',
} as const;

export interface OramaHit {
  id: string;
  score: number;
  document: Record<string, unknown>;
}

export class OramaPeer {
  private constructor(private readonly db: AnyOrama) {}

  /** Creates the database and inserts every document; `seconds` is the whole load. */
  static async load(c: PlaceColumns): Promise<{ peer: OramaPeer; seconds: number }> {
    const started = performance.now();
    const db = create({ schema: SCHEMA });
    // Copies: Orama keeps the objects it is given (and nulls their vector property in vector results).
    const docs = c.docs.map((doc, i) => ({ ...doc, id: c.ids[i] }));
    await insertMultiple(db, docs as never, 1000);
    return { peer: new OramaPeer(db), seconds: (performance.now() - started) / 1000 };
  }

  /** Exact cosine top k: `similarity: -1` so that every document is a candidate, as in a k-NN query. */
  async knn(vector: Float32Array, filtered: boolean): Promise<OramaHit[]> {
    const results = await search(this.db, {
      mode: MODE_VECTOR_SEARCH,
      vector: { value: vector, property: 'embedding' },
      similarity: -1,
      limit: K,
      ...(filtered ? { where: { [FILTER_FIELD]: true } } : {}),
    } as never);
    return results.hits as OramaHit[];
  }

  /** Orama's BM25 full-text search over `description`. */
  async match(terms: [string, string]): Promise<{ hits: OramaHit[]; count: number }> {
    const results = await search(this.db, {
      term: terms.join(' '),
      properties: ['description'],
      limit: K,
    } as never);
    return { hits: results.hits as OramaHit[], count: results.count };
  }

  /** No decay functions in Orama: the filter in Orama, then the same gauss × log1p scoring in user code. */
  async functionScore(origin: GeoQuery, expectedMatches: number): Promise<{ top: TopDocs; matched: number }> {
    const results = await search(this.db, {
      where: { city: { eq: FS_CITY }, rating: { gte: FS_MIN_RATING } },
      limit: expectedMatches + 1,
    } as never);
    const hits = results.hits as OramaHit[];
    const top = new TopDocs(K);
    for (let i = 0; i < hits.length; i++) {
      const doc = hits[i].document;
      const { lat, lon } = doc.location as GeoQuery;
      const score = placeScore(origin, lat, lon, doc.rating_count as number);
      if (score > top.threshold) top.offer(i, score);
    }
    return { top, matched: hits.length };
  }
}
