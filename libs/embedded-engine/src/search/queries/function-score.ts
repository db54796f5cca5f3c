import { illegalArgument, OpenSearchError } from '../../errors';
import { javaFloat } from '../../mapping/java-text';
import { isPlainObject } from '../../rest/json';
import { docFlags, restrictDocSet } from '../doc-sets';
import { parsingError, queryObject, readBoost } from '../parse-helpers';
import { SCORE_FUNCTION_PARSERS, ScoreFunction, WeightFactorFunction } from '../scoring/functions';
import {
  match,
  nameOrEmptyFunc,
  numberValue,
  textValue,
  tokenName,
} from '../scoring/functions/score-function';
import {
  DocSet,
  Explanation,
  Query,
  QueryParseContext,
  QueryParser,
  Searcher,
  DEADLINE_CHECK_EVERY,
} from '../types';

/** FunctionScoreQuery.ScoreMode: how the factors of the matching functions combine. */
export type ScoreMode = 'first' | 'avg' | 'max' | 'sum' | 'min' | 'multiply';
/** CombineFunction (boost_mode): how the combined factor meets the query's score. */
export type BoostMode = 'multiply' | 'replace' | 'sum' | 'avg' | 'min' | 'max';

const SCORE_MODES = new Set<string>(['first', 'avg', 'max', 'sum', 'min', 'multiply']);
const BOOST_MODES = new Set<string>(['multiply', 'replace', 'sum', 'avg', 'min', 'max']);

/** FunctionScoreQuery.DEFAULT_MAX_BOOST = Float.MAX_VALUE */
const FLOAT_MAX = 3.4028234663852886e38;

/** One entry of `functions` as Lucene sees it: the function (weight folded in) and its filter, unless match_all. */
export interface FilteredFunction {
  fn: ScoreFunction;
  filter?: Query;
  /** the filter's `_name` (FilterScoreFunction#queryName) */
  filterName?: string;
}

const NAME = 'function_score';

/**
 * `function_score` (FunctionScoreQueryBuilder#fromXContent / #doToQuery → FunctionScoreQuery): the inner query's
 * matches rescored by functions. Syntax errors are thrown as they are found; errors raised while building the functions
 * against the mapping (shard-level in OpenSearch) are thrown once the whole body has parsed, as OpenSearch parses the
 * request before any shard builds the query.
 */
export const functionScoreQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject(NAME, body);
  let deferred: OpenSearchError | undefined;
  const defer = <T>(build: () => T): T | undefined => {
    try {
      return build();
    } catch (error) {
      if (error instanceof OpenSearchError && error.shardLevel) {
        deferred ??= error;
        return undefined;
      }
      throw error;
    }
  };

  let queryJson: unknown;
  let query: Query | undefined;
  let scoreMode: ScoreMode = 'multiply';
  let boostMode: BoostMode | undefined;
  let maxBoost = FLOAT_MAX;
  let minScore: number | undefined;
  let boost = 1;
  let functionArrayFound = false;
  let singleFunctionName: string | undefined;
  const functions: (FilteredFunction | undefined)[] = [];

  const alreadyFound = (current: string) =>
    parsingError(
      `failed to parse [${NAME}] query. already found function [${singleFunctionName}], now encountering [${current}]. use [functions] array if you want to define several functions.`,
    );
  const misplaced = (detail: string) =>
    parsingError(
      `failed to parse [${NAME}] query. [you can either define [functions] array or a single function, not both. ${detail}]`,
    );

  for (const [key, value] of Object.entries(o)) {
    if (value === null) continue;
    if (isPlainObject(value)) {
      if (key === 'query') {
        queryJson = value;
        query = defer(() => ctx.parseInner(value, NAME));
        continue;
      }
      if (singleFunctionName !== undefined) throw alreadyFound(key);
      if (functionArrayFound) throw misplaced(`already found [functions] array, now encountering [${key}].`);
      singleFunctionName = key;
      const parse = functionParser(key);
      functions.push(defer(() => ({ fn: parse(value, ctx, undefined) })));
    } else if (Array.isArray(value)) {
      if (key !== 'functions')
        throw parsingError(`failed to parse [${NAME}] query. array [${key}] is not supported`);
      if (singleFunctionName !== undefined)
        throw misplaced(`already found [${singleFunctionName}], now encountering [functions].`);
      functionArrayFound = true;
      for (const entry of value) functions.push(parseEntry(entry, ctx, defer));
    } else if (key === 'score_mode') {
      const mode = textValue(value).toLowerCase();
      if (!SCORE_MODES.has(mode)) {
        throw illegalArgument(
          `No enum constant org.opensearch.common.lucene.search.function.FunctionScoreQuery.ScoreMode.${textValue(value).toUpperCase()}`,
        );
      }
      scoreMode = mode as ScoreMode;
    } else if (key === 'boost_mode') {
      const mode = textValue(value).toLowerCase();
      if (!BOOST_MODES.has(mode)) {
        throw illegalArgument(
          `No enum constant org.opensearch.common.lucene.search.function.CombineFunction.${textValue(value).toUpperCase()}`,
        );
      }
      boostMode = mode as BoostMode;
    } else if (key === 'max_boost') {
      maxBoost = Math.fround(numberValue(value, key));
    } else if (key === 'boost') {
      boost = readBoost(NAME, value);
    } else if (key === '_name') {
      // the function_score's own name: reported by matched_queries (the lead's concern), not in scores
    } else if (key === 'min_score') {
      minScore = Math.fround(numberValue(value, key));
    } else {
      if (singleFunctionName !== undefined) throw alreadyFound(key);
      if (functionArrayFound) throw misplaced(`already found [functions] array, now encountering [${key}].`);
      if (key !== 'weight')
        throw parsingError(`failed to parse [${NAME}] query. field [${key}] is not supported`);
      functions.push({ fn: new WeightFactorFunction(checkWeight(numberValue(value, key))) });
      singleFunctionName = key;
    }
  }
  if (deferred) throw deferred;
  const sub = query ?? ctx.parseInner({ match_all: {} }, NAME);
  const fns = functions as FilteredFunction[];
  const queryName = innerName(queryJson);
  if (fns.length === 0)
    return new FunctionScoreQuery(sub, queryName, 'first', [], 'multiply', maxBoost, minScore, boost);
  // one function without a filter: FunctionScoreQuery's single-function constructor (score mode FIRST)
  if (fns.length === 1 && !fns[0].filter) {
    return new FunctionScoreQuery(
      sub,
      queryName,
      'first',
      fns,
      boostMode ?? 'multiply',
      maxBoost,
      minScore,
      boost,
    );
  }
  return new FunctionScoreQuery(
    sub,
    queryName,
    scoreMode,
    fns,
    boostMode ?? 'multiply',
    maxBoost,
    minScore,
    boost,
  );
};

function functionParser(name: string) {
  const parse = SCORE_FUNCTION_PARSERS[name];
  if (!parse) throw new OpenSearchError(400, 'named_object_not_found_exception', `unknown field [${name}]`);
  return parse;
}

/** ScoreFunctionBuilder#checkWeight: weights are floats, and not negative. */
function checkWeight(weight: number): number {
  const w = Math.fround(weight);
  if (w < 0 || Object.is(w, -0))
    throw illegalArgument('[weight] cannot be negative for a filtering function');
  return w;
}

/** The `_name` of a query clause `{"<type>": {..., "_name": x}}`, if any. */
function innerName(json: unknown): string | undefined {
  if (!isPlainObject(json)) return undefined;
  const inner = Object.values(json)[0];
  return isPlainObject(inner) && typeof inner._name === 'string' ? inner._name : undefined;
}

/** FunctionScoreQueryBuilder#parseFiltersAndFunctions: one `{filter?, <function>?, weight?, _name?}` entry. */
function parseEntry(
  entry: unknown,
  ctx: QueryParseContext,
  defer: <T>(build: () => T) => T | undefined,
): FilteredFunction | undefined {
  if (!isPlainObject(entry)) {
    // the arguments are in this order in OpenSearch's message
    throw parsingError(
      `failed to parse [START_OBJECT]. malformed query, expected a [${tokenName(entry)}] while parsing functions but got a [${NAME}] instead`,
    );
  }
  let filterJson: unknown;
  let filter: Query | undefined;
  let functionJson: [string, unknown] | undefined;
  let weight: number | undefined;
  let name: string | undefined;
  for (const [key, value] of Object.entries(entry)) {
    if (value === null) continue;
    if (isPlainObject(value)) {
      if (key === 'filter') {
        filterJson = value;
        filter = defer(() => ctx.parseFilter(value, NAME));
      } else {
        if (functionJson) {
          throw parsingError(
            `failed to parse function_score functions. already found [${functionJson[0]}], now encountering [${key}].`,
          );
        }
        functionParser(key);
        functionJson = [key, value];
      }
    } else if (key === 'weight' && !Array.isArray(value)) {
      weight = numberValue(value, key);
    } else if (key === '_name' && !Array.isArray(value)) {
      name = textValue(value);
    } else {
      throw parsingError(`failed to parse [${NAME}] query. field [${key}] is not supported`);
    }
  }
  if (!functionJson && weight === undefined) {
    throw parsingError(`failed to parse [${NAME}] query. an entry in functions list is missing a function.`);
  }
  const w = weight === undefined ? undefined : checkWeight(weight);
  const functionName = name;
  let fn: ScoreFunction | undefined;
  if (functionJson) {
    const [type, body] = functionJson;
    fn = defer(() => SCORE_FUNCTION_PARSERS[type](body, ctx, functionName));
    if (fn && w !== undefined) fn = new WeightFactorFunction(w, fn);
  } else {
    fn = new WeightFactorFunction(w!);
  }
  if (!fn) return undefined;
  // a match_all filter is no filter (doToQuery adds the function unwrapped)
  const isMatchAll =
    filterJson === undefined || (isPlainObject(filterJson) && Object.keys(filterJson)[0] === 'match_all');
  if (isMatchAll) return { fn };
  if (!filter) return undefined;
  return { fn, filter, filterName: innerName(filterJson) };
}

/**
 * FunctionScoreQuery with its FunctionFactorScorer: per document `q` = the inner query's score (× boost), the factor
 * of the functions whose filter matches (score mode; 1 when none match), then `boost_mode(q, min(factor, max_boost))`
 * cast to float; documents below `min_score` drop out (MinScoreScorer).
 */
export class FunctionScoreQuery implements Query {
  private readonly singleFunction: boolean;

  constructor(
    private readonly subQuery: Query,
    private readonly queryName: string | undefined,
    readonly scoreMode: ScoreMode,
    private readonly functions: FilteredFunction[],
    readonly boostMode: BoostMode,
    private readonly maxBoost: number,
    private readonly minScore: number | undefined,
    private readonly boost: number,
  ) {
    this.singleFunction = functions.length === 1 && !functions[0].filter;
  }

  /** With boost_mode replace the inner query is run without scores unless a function reads them (q is then 0). */
  private get needsScores(): boolean {
    return (
      this.boostMode !== 'replace' ||
      this.functions.length === 0 ||
      this.functions.some((f) => f.fn.needsScores)
    );
  }

  execute(searcher: Searcher): DocSet {
    return this.scoreAll(searcher, this.subQuery.execute(searcher));
  }

  /** The functions are computed for the inner query's matches among `within` only. */
  executeWithin(searcher: Searcher, within: Uint8Array): DocSet {
    return this.scoreAll(searcher, restrictDocSet(this.subQuery.execute(searcher), within));
  }

  private scoreAll(searcher: Searcher, sub: DocSet): DocSet {
    const fns = this.functions;
    const leaves = fns.map((f) => f.fn.bind(searcher));
    // a function's filter that costs per document is run on the documents scored here only
    let subFlags: Uint8Array | undefined;
    const filters = fns.map((f) => {
      if (!f.filter) return undefined;
      if (!f.filter.executeWithin) return membership(searcher, f.filter);
      subFlags ??= docFlags(sub.docs, searcher.reader.maxDoc);
      return membership(searcher, f.filter, subFlags);
    });
    const needsScores = this.needsScores;
    const docs = new Int32Array(sub.docs.length);
    const scores = new Float32Array(sub.docs.length);
    let n = 0;
    const deadline = searcher.deadline;
    for (let i = 0; i < sub.docs.length; i++) {
      if (deadline && (i & (DEADLINE_CHECK_EVERY - 1)) === 0 && deadline.passed()) break;
      const doc = sub.docs[i];
      const q = needsScores ? Math.fround(sub.scores[i] * this.boost) : 0;
      let score = q;
      if (fns.length > 0) {
        const factor = this.computeScore(doc, q, leaves, filters);
        score = combine(this.boostMode, q, factor, this.maxBoost);
        if (score < 0 || Number.isNaN(score)) {
          throw new OpenSearchError(
            500,
            'exception',
            `function score query returned an invalid score: ${javaFloat(score)} for doc: ${doc}`,
          );
        }
      }
      if (this.minScore !== undefined && !(score >= this.minScore)) continue;
      docs[n] = doc;
      scores[n++] = score;
    }
    return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
  }

  /** FunctionFactorScorer#computeScore: the factor, in double. */
  private computeScore(
    doc: number,
    q: number,
    leaves: { score(doc: number, q: number): number }[],
    filters: (Uint8Array | undefined)[],
  ): number {
    let factor = 1;
    switch (this.scoreMode) {
      case 'first':
        for (let i = 0; i < leaves.length; i++) {
          if (applies(filters, i, doc)) {
            factor = leaves[i].score(doc, q);
            break;
          }
        }
        return factor;
      case 'max': {
        let max = -Infinity;
        for (let i = 0; i < leaves.length; i++)
          if (applies(filters, i, doc)) max = Math.max(leaves[i].score(doc, q), max);
        return max !== -Infinity ? max : factor;
      }
      case 'min': {
        let min = Infinity;
        for (let i = 0; i < leaves.length; i++)
          if (applies(filters, i, doc)) min = Math.min(leaves[i].score(doc, q), min);
        return min !== Infinity ? min : factor;
      }
      case 'multiply':
        for (let i = 0; i < leaves.length; i++)
          if (applies(filters, i, doc)) factor *= leaves[i].score(doc, q);
        return factor;
      default: {
        // avg: weighted by the functions' weights (ScoreFunction#getWeight); sum: plain total
        let total = 0;
        let weightSum = 0;
        for (let i = 0; i < leaves.length; i++) {
          if (applies(filters, i, doc)) {
            total += leaves[i].score(doc, q);
            weightSum += this.functions[i].fn.weight;
          }
        }
        if (weightSum !== 0) factor = this.scoreMode === 'avg' ? total / weightSum : total;
        return factor;
      }
    }
  }

  /** CustomBoostFactorWeight#explain. */
  explain(searcher: Searcher, doc: number): Explanation {
    let expl = this.subQuery.explain(searcher, doc);
    if (this.boost !== 1) expl = { ...expl, value: Math.fround(expl.value * this.boost) };
    if (this.queryName)
      expl = { ...expl, description: `${expl.description} ${nameOrEmptyFunc(this.queryName)}` };
    if (this.functions.length > 0) {
      const explanations: Explanation[] = [];
      const leaves = this.functions.map((f) => f.fn.bind(searcher));
      const filters = this.functions.map((f) => (f.filter ? membership(searcher, f.filter) : undefined));
      this.functions.forEach((f, i) => {
        if (filters[i] && filters[i]![doc] !== 1) return;
        const functionExplanation = leaves[i].explain(doc, expl);
        if (f.filter) {
          const filterText = f.filter.explain(searcher, doc).description;
          explanations.push(
            match(Math.fround(functionExplanation.value), 'function score, product of:', [
              match(1, `match filter${nameOrEmptyFunc(f.filterName)}: ${filterText}`),
              functionExplanation,
            ]),
          );
        } else {
          explanations.push(functionExplanation);
        }
      });
      let factor: Explanation;
      if (explanations.length === 0) factor = match(1, 'No function matched');
      else if (this.singleFunction && explanations.length === 1) factor = explanations[0];
      else {
        const needsScores = this.needsScores;
        const value = this.computeScore(doc, needsScores ? expl.value : 0, leaves, filters);
        factor = match(Math.fround(value), `function score, score mode [${this.scoreMode}]`, explanations);
      }
      expl = explainCombine(this.boostMode, expl, factor, this.maxBoost);
    }
    if (this.minScore !== undefined && this.minScore > expl.value) {
      return {
        value: 0,
        description: `Score value is too low, expected at least ${javaFloat(this.minScore)} but got ${javaFloat(expl.value)}`,
        details: [expl],
      };
    }
    return expl;
  }
}

/**
 * The documents a filter matches (run without scores), as a bitset over doc ids; with `within` (a flag per doc id),
 * the filter looks at the flagged documents only (executeWithin).
 */
function membership(searcher: Searcher, filter: Query, within?: Uint8Array): Uint8Array {
  const bits = new Uint8Array(searcher.reader.maxDoc);
  const docs = (
    within && filter.executeWithin ? filter.executeWithin(searcher, within) : filter.execute(searcher)
  ).docs;
  for (let i = 0; i < docs.length; i++) bits[docs[i]] = 1;
  return bits;
}

/** Whether function `i` applies to `doc`: it has no filter, or its filter matches the doc. */
function applies(filters: (Uint8Array | undefined)[], i: number, doc: number): boolean {
  const bits = filters[i];
  return bits === undefined || bits[doc] === 1;
}

/** CombineFunction#combine(double queryScore, double funcScore, double maxBoost), cast to float. */
export function combine(mode: BoostMode, q: number, fn: number, maxBoost: number): number {
  const capped = Math.min(fn, maxBoost);
  switch (mode) {
    case 'multiply':
      return Math.fround(q * capped);
    case 'replace':
      return Math.fround(capped);
    case 'sum':
      return Math.fround(q + capped);
    case 'avg':
      return Math.fround((capped + q) / 2.0);
    case 'min':
      return Math.fround(Math.min(q, capped));
    case 'max':
      return Math.fround(Math.max(q, capped));
  }
}

/** CombineFunction#explain: the capped factor as "min of:" [factor, maxBoost], then the combination. */
function explainCombine(mode: BoostMode, q: Explanation, fn: Explanation, maxBoost: number): Explanation {
  const capped = Math.min(Math.fround(fn.value), maxBoost);
  const minExpl = match(capped, 'min of:', [fn, match(maxBoost, 'maxBoost')]);
  switch (mode) {
    case 'multiply':
      return match(Math.fround(q.value * capped), 'function score, product of:', [q, minExpl]);
    case 'replace':
      return minExpl;
    case 'sum':
      return match(Math.fround(capped + q.value), 'sum of', [q, minExpl]);
    case 'avg':
      return match(Math.fround((capped + q.value) / 2.0), 'avg of', [q, minExpl]);
    case 'min':
      return match(Math.min(capped, q.value), 'min of', [q, minExpl]);
    case 'max':
      return match(Math.max(capped, q.value), 'max of:', [q, minExpl]);
  }
}
