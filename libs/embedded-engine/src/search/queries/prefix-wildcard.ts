import { isPlainObject } from '../../rest/json';
import { constantDocSet, unionDocs } from '../doc-sets';
import { queryShardError } from '../shard-errors';
import { checkKeys, parsingError, queryObject, readBoost, singleField, termText } from '../parse-helpers';
import { QueryParseContext, QueryParser, Query } from '../types';
import { ConstantScoreMatches } from './constant';
import { MATCH_NONE } from './match-all';

/** Terms of a keyword or text field that pass `test`, as one constant-score query (MultiTermQuery's constant_score rewrite). */
function matchingTerms(
  ctx: QueryParseContext,
  type: string,
  field: string,
  description: string,
  boost: number,
  test: (term: string) => boolean,
): Query {
  const info = ctx.mappings.field(field);
  if (!info) return MATCH_NONE;
  if (info.type !== 'keyword' && info.type !== 'text' && info.type !== 'ip') {
    throw queryShardError(
      `Can only use ${type} queries on keyword and text fields - not on [${field}] which is of type [${info.type}]`,
      ctx.indexName,
    );
  }
  return new ConstantScoreMatches(description, boost, (s) => {
    const lists: Int32Array[] = [];
    if (info.type === 'text') {
      const column = s.reader.text(field);
      if (column)
        for (const term of column.termsIterator()) if (test(term)) lists.push(column.postings(term)!.docs);
    } else {
      const column = s.reader.keyword(field);
      if (column) for (const term of column.terms()) if (test(term)) lists.push(column.postings(term)!);
    }
    return constantDocSet(s.reader, unionDocs(lists), 1);
  });
}

function readValue(type: string, body: Record<string, unknown>, valueKeys: string[]) {
  const [field, spec] = singleField(type, body);
  if (!isPlainObject(spec))
    return { field, value: termText(spec), boost: readBoost(type, body.boost), caseInsensitive: false };
  checkKeys(type, spec, [...valueKeys, 'boost', '_name', 'rewrite', 'case_insensitive']);
  const raw = valueKeys.map((k) => spec[k]).find((v) => v !== undefined);
  if (raw === undefined || raw === null) throw parsingError(`No value specified for ${type} query`);
  return {
    field,
    value: termText(raw),
    boost: readBoost(type, spec.boost ?? body.boost),
    caseInsensitive: spec.case_insensitive === true,
  };
}

/** `prefix` (PrefixQueryBuilder): terms starting with the value; constant 1.0 × boost. */
export const prefixQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('prefix', body);
  const { field, value, boost, caseInsensitive } = readValue('prefix', o, ['value', 'prefix']);
  const wanted = caseInsensitive ? value.toLowerCase() : value;
  return matchingTerms(ctx, 'prefix', field, `${field}:${value}*`, boost, (term) =>
    (caseInsensitive ? term.toLowerCase() : term).startsWith(wanted),
  );
};

/** `*` any run, `?` one character, `\` escapes (WildcardQuery). */
export function wildcardRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += escape(pattern[++i]);
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += escape(c);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'isu' : 'su');
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `wildcard` (WildcardQueryBuilder): terms matching the pattern; constant 1.0 × boost. */
export const wildcardQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('wildcard', body);
  const { field, value, boost, caseInsensitive } = readValue('wildcard', o, ['value', 'wildcard']);
  const re = wildcardRegExp(value, caseInsensitive);
  return matchingTerms(ctx, 'wildcard', field, `${field}:${value}`, boost, (term) => re.test(term));
};
