/** Test helpers for the full-text query specs: a refreshed index from mappings and docs, and hits as search orders them. */
import { EngineState } from '../../engine-state';
import { indexDocument } from '../../documents/document-writes';
import { Query, QueryParseContext, QueryParser, Searcher } from '../types';
import { matchQueryParser } from './match';
import { matchPhraseQueryParser } from './match-phrase';
import { multiMatchQueryParser } from './multi-match';

const PARSERS: Record<string, QueryParser> = {
  match: matchQueryParser,
  match_phrase: matchPhraseQueryParser,
  multi_match: multiMatchQueryParser,
};

export interface Case {
  name: string;
  request: { query: Record<string, unknown>; size?: number };
  expect: {
    total?: number;
    hits?: { _id: string; _score: number }[];
    status?: number;
    error?: { type: string; reason: string };
  };
}

export function buildIndex(mappings: unknown, docs: { _id: string; _source: Record<string, unknown> }[]) {
  const state = new EngineState();
  const records: never[] = [];
  const index = state.createIndex('i', { mappings } as never, records);
  for (const d of docs)
    indexDocument(index, d._id, JSON.stringify(d._source), d._source, 'index', {}, records);
  index.refresh();
  const searcher: Searcher = {
    reader: index.reader,
    mappings: index.meta.mappings,
    indexName: 'i',
    now: Date.now(),
  };
  const ctx: QueryParseContext = {
    parseInner: () => {
      throw new Error('no inner queries here');
    },
    parseFilter: () => {
      throw new Error('no inner queries here');
    },
    mappings: index.meta.mappings,
    indexName: 'i',
    now: searcher.now,
  };
  return { index, searcher, ctx };
}

export function parse(ctx: QueryParseContext, query: Record<string, unknown>): Query {
  const [type] = Object.keys(query);
  return PARSERS[type](query[type], ctx);
}

/** Hits as the search phase orders them: score descending, then internal doc id. */
export function topHits(searcher: Searcher, query: Query, size = 10) {
  const set = query.execute(searcher);
  const order = Array.from(set.docs.keys()).sort(
    (a, b) => set.scores[b] - set.scores[a] || set.docs[a] - set.docs[b],
  );
  return {
    total: set.docs.length,
    hits: order
      .slice(0, size)
      .map((i) => ({ _id: searcher.reader.storedDoc(set.docs[i]).id, _score: set.scores[i] })),
  };
}
