import { isPlainObject } from '../../rest/json';
import { constantDocSet, EMPTY_DOC_SET, unionDocs } from '../doc-sets';
import { booleanValue, dateValue, NUMERIC_FIELD_TYPES, numericTermValue } from '../field-values';
import { failedToCreateQuery, queryShardError } from '../shard-errors';
import { checkKeys, parsingError, queryObject, readBoost, singleField, termText } from '../parse-helpers';
import { Query, QueryParseContext, QueryParser, Searcher, DocSet } from '../types';
import { ConstantScoreMatches } from './constant';
import { MATCH_NONE } from './match-all';
import { idsMatch } from './ids';
import { textTermQuery } from './text-term';
import { asOpenSearchError, OpenSearchError } from '../../errors';

/**
 * Matches the documents whose field holds one of `values` (exact, unanalyzed), with a constant score: keyword, ip,
 * numeric, date and boolean fields; `_id`. Text fields are handled by the caller (term is BM25-scored there).
 */
export function exactValuesQuery(
  ctx: QueryParseContext,
  type: string,
  field: string,
  values: unknown[],
  boost: number,
  caseInsensitive: boolean,
): Query {
  if (field === '_id') return idsMatch(values.map(termText), boost);
  const info = ctx.mappings.field(field);
  if (!info) return MATCH_NONE;
  const describe = `${field}:${values.map(termText).join(' ')}`;
  const wrapShardError = (error: unknown): never => {
    throw failedToCreateQuery(ctx.indexName, asOpenSearchError(error));
  };
  switch (info.type) {
    case 'keyword':
    case 'ip': {
      const terms = values.map(termText);
      return new ConstantScoreMatches(
        describe,
        boost,
        (s) => keywordMatches(s, field, terms, caseInsensitive),
        false,
        `keyword:${field}:${caseInsensitive}:${JSON.stringify(terms)}`,
      );
    }
    case 'date': {
      // DateFieldType#termQuery is a range from the value rounded down to the value rounded up (date math `/d`).
      let bounds: [number, number][] = [];
      try {
        bounds = values.map((v) => [dateValue(info, v, ctx.now, false), dateValue(info, v, ctx.now, true)]);
      } catch (error) {
        wrapShardError(error);
      }
      return numericScan(describe, field, boost, false, bounds);
    }
    case 'boolean': {
      let wanted: number[] = [];
      try {
        wanted = values.map(booleanValue);
      } catch (error) {
        wrapShardError(error);
      }
      return numericScan(
        describe,
        field,
        boost,
        false,
        wanted.map((v) => [v, v]),
      );
    }
    default: {
      if (NUMERIC_FIELD_TYPES.has(info.type)) {
        let wanted: number[] = [];
        try {
          wanted = values.map((v) => numericTermValue(info, v)).filter((v): v is number => v !== undefined);
        } catch (error) {
          wrapShardError(error);
        }
        if (wanted.length === 0) return MATCH_NONE;
        return numericScan(
          describe,
          field,
          boost,
          true,
          wanted.map((v) => [v, v]),
        );
      }
      if (info.type === 'geo_point') {
        throw queryShardError(
          `Geometry fields do not support exact searching, use dedicated geometry queries instead: [${field}]`,
          ctx.indexName,
        );
      }
      throw queryShardError(
        `Can only use ${type} queries on keyword, text and numeric fields - not on [${field}] which is of type [${info.type}]`,
        ctx.indexName,
      );
    }
  }
}

function keywordMatches(s: Searcher, field: string, terms: string[], caseInsensitive: boolean): DocSet {
  const column = s.reader.keyword(field);
  if (!column) return { docs: new Int32Array(0), scores: new Float32Array(0) };
  if (caseInsensitive) {
    const lowered = new Set(terms.map((t) => t.toLowerCase()));
    const lists: Int32Array[] = [];
    for (const term of column.terms())
      if (lowered.has(term.toLowerCase())) lists.push(column.postings(term) as Int32Array);
    return constantDocSet(s.reader, unionDocs(lists), 1);
  }
  const lists = terms.map((t) => column.postings(t)).filter((p): p is Int32Array => p !== undefined);
  return constantDocSet(s.reader, unionDocs(lists), 1);
}

/** A doc-values scan of a numeric column: documents with a value in any of the inclusive ranges. */
function numericScan(
  description: string,
  field: string,
  boost: number,
  numericField: boolean,
  ranges: [number, number][],
): Query {
  return new ConstantScoreMatches(
    description,
    boost,
    (s) => {
      const column = s.reader.numeric(field);
      if (!column) return EMPTY_DOC_SET;
      const live = s.reader.liveDocs();
      const docs = unionDocs(ranges.map(([lo, hi]) => column.inRange(live, lo, hi)));
      return { docs, scores: new Float32Array(docs.length).fill(1) };
    },
    // OpenSearch 3.x's must-to-filter rewrite covers term-level queries on numeric fields (NumberFieldType) only.
    numericField,
    `numbers:${field}:${ranges.map(([lo, hi]) => `${lo}..${hi}`).join(',')}`,
  );
}

/** `term` (TermQueryBuilder): the exact value; BM25 on text fields, constant 1.0 × boost elsewhere (OpenSearch 3.x). */
export const termQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('term', body);
  const [field, spec] = singleField('term', o);
  let value: unknown = spec;
  let boost = readBoost('term', o.boost);
  let caseInsensitive = false;
  if (isPlainObject(spec)) {
    checkKeys('term', spec, ['value', 'boost', '_name', 'case_insensitive']);
    value = spec.value;
    boost = readBoost('term', spec.boost ?? o.boost);
    caseInsensitive = spec.case_insensitive === true;
  } else if (Array.isArray(spec)) {
    throw parsingError(`[term] query does not support array of values`);
  }
  if (value === undefined || value === null) throw parsingError('field name is null or empty');
  const info = ctx.mappings.field(field);
  if (info?.type === 'text' && !caseInsensitive) return textTermQuery(field, termText(value), boost);
  return exactValuesQuery(ctx, 'term', field, [value], boost, caseInsensitive);
};

/** `terms` (TermsQueryBuilder): any of the values, constant 1.0 × boost on every field type (TermInSetQuery). */
export const termsQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('terms', body);
  const [field, values] = singleField('terms', o);
  const boost = readBoost('terms', o.boost);
  if (!Array.isArray(values)) {
    if (isPlainObject(values)) {
      throw parsingError('[terms] query lookups (index/id/path) are not supported by the embedded engine');
    }
    throw parsingError(`[terms] query does not support [${field}]`);
  }
  if (values.length > 65536) {
    throw new OpenSearchError(
      400,
      'illegal_argument_exception',
      `The number of terms [${values.length}] used in the Terms Query request has exceeded the allowed maximum of [65536]. This maximum can be set by changing the [index.max_terms_count] index level setting.`,
    );
  }
  const info = ctx.mappings.field(field);
  if (info?.type === 'text') {
    const terms = values.map(termText);
    return new ConstantScoreMatches(`${field}:(${terms.join(' ')})`, boost, (s) => {
      const column = s.reader.text(field);
      if (!column) return { docs: new Int32Array(0), scores: new Float32Array(0) };
      const lists = terms
        .map((t) => column.postings(t)?.docs)
        .filter((d): d is Int32Array => d !== undefined);
      return constantDocSet(s.reader, unionDocs(lists), 1);
    });
  }
  return exactValuesQuery(ctx, 'terms', field, values, boost, false);
};
