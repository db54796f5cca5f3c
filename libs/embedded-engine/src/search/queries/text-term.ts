import { Query } from '../types';
import { Bm25TermQuery } from './match-term';

/** `term` on a text field: the exact (unanalyzed) term, BM25-scored (TermQuery). */
export const textTermQuery = (field: string, term: string, boost: number): Query =>
  new Bm25TermQuery(field, term, boost);
