import { illegalArgument, OpenSearchError } from '../../../errors';
import { javaDouble, javaFloat } from '../../../mapping/java-text';
import { isPlainObject } from '../../../rest/json';
import { QueryParseContext, Searcher } from '../../types';
import {
  failedToCreateQuery,
  functionObject,
  LeafScoreFunction,
  match,
  numberValue,
  ScoreFunction,
  ScoreFunctionParser,
  textValue,
} from './score-function';

/** FieldValueFactorFunction.Modifier, applied to `value * factor` (Java Math, all in double). */
export const MODIFIERS: Record<string, (n: number) => number> = {
  none: (n) => n,
  log: (n) => Math.log10(n),
  log1p: (n) => Math.log10(n + 1),
  log2p: (n) => Math.log10(n + 2),
  ln: (n) => Math.log(n),
  ln1p: (n) => Math.log1p(n),
  ln2p: (n) => Math.log1p(n + 1),
  square: (n) => Math.pow(n, 2),
  sqrt: (n) => Math.sqrt(n),
  reciprocal: (n) => 1.0 / n,
};

const NUMERIC_FIELDDATA = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
  'unsigned_long',
  'date',
  'date_nanos',
  'boolean',
]);

/**
 * `field_value_factor` (FieldValueFactorFunction): `modifier(value * factor)` where value is the document's smallest
 * value of the field (SortedNumericDoubleValues#nextValue), else `missing`, else an error; a negative result is an
 * IllegalArgumentException.
 */
export class FieldValueFactorFunction implements ScoreFunction {
  readonly weight = 1;
  readonly needsScores = false;

  constructor(
    readonly field: string,
    /** float, as FieldValueFactorFunctionBuilder stores it */
    readonly factor: number,
    readonly modifier: string,
    readonly missing: number | undefined,
    /** false when the field is unmapped (every document takes `missing`) */
    private readonly mapped: boolean,
  ) {}

  bind(searcher: Searcher): LeafScoreFunction {
    const column = this.mapped ? searcher.reader.numeric(this.field) : undefined;
    const apply = MODIFIERS[this.modifier];
    const { field, factor, missing, modifier } = this;
    const score = (doc: number): number => {
      let value: number;
      const n = column ? column.valueCount(doc) : 0;
      if (n > 0) {
        value = column!.value(doc, 0);
        for (let i = 1; i < n; i++) value = Math.min(value, column!.value(doc, i));
      } else if (missing !== undefined) {
        value = missing;
      } else {
        // OpenSearchException: no specific type, status 500
        throw new OpenSearchError(500, 'exception', `Missing value for field [${field}]`);
      }
      const result = apply(value * factor);
      if (result < 0) {
        let message = `field value function must not produce negative scores, but got: [${javaDouble(result)}] for field value: [${javaDouble(value)}]`;
        if (modifier === 'ln')
          message += '; consider using ln1p or ln2p instead of ln to avoid negative scores';
        else if (modifier === 'log')
          message += '; consider using log1p or log2p instead of log to avoid negative scores';
        throw illegalArgument(message);
      }
      return result;
    };
    const description = `field value function: ${modifier}(doc['${field}'].value${
      missing !== undefined ? `?:${javaDouble(missing)}` : ''
    } * factor=${javaFloat(factor)})`;
    return {
      score,
      explain: (doc) => match(Math.fround(score(doc)), description),
    };
  }
}

/** FieldValueFactorFunctionBuilder#fromXContent, then #doToFunction against the index's mappings. */
export const fieldValueFactorParser: ScoreFunctionParser = (body, ctx: QueryParseContext) => {
  const o = functionObject('field_value_factor', body);
  let field: string | undefined;
  let factor = 1;
  let modifier = 'none';
  let missing: number | undefined;
  for (const [key, value] of Object.entries(o)) {
    if (key === 'factor' && (Array.isArray(value) || isPlainObject(value))) {
      throw new OpenSearchError(
        400,
        'parsing_exception',
        "[field_value_factor] field 'factor' does not support lists or objects",
      );
    }
    if (key === 'field') field = textValue(value);
    else if (key === 'factor') factor = Math.fround(numberValue(value, key));
    else if (key === 'modifier') {
      const name = textValue(value).toLowerCase();
      if (!(name in MODIFIERS)) {
        throw illegalArgument(
          `No enum constant org.opensearch.common.lucene.search.function.FieldValueFactorFunction.Modifier.${textValue(value).toUpperCase()}`,
        );
      }
      modifier = name;
    } else if (key === 'missing') missing = numberValue(value, key);
    else
      throw new OpenSearchError(
        400,
        'parsing_exception',
        `field_value_factor query does not support [${key}]`,
      );
  }
  if (field === undefined) {
    throw new OpenSearchError(
      400,
      'parsing_exception',
      "[field_value_factor] required field 'field' missing",
    );
  }
  const info = ctx.mappings.field(field);
  if (!info) {
    if (missing === undefined) {
      throw failedToCreateQuery(
        ctx.indexName,
        new OpenSearchError(
          500,
          'exception',
          `Unable to find a field mapper for field [${field}]. No 'missing' value defined.`,
        ),
      );
    }
    return new FieldValueFactorFunction(field, factor, modifier, missing, false);
  }
  if (info.type === 'text' || info.type === 'match_only_text') {
    throw failedToCreateQuery(
      ctx.indexName,
      illegalArgument(
        `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`,
      ),
    );
  }
  if (!NUMERIC_FIELDDATA.has(info.type)) {
    throw failedToCreateQuery(
      ctx.indexName,
      new OpenSearchError(
        500,
        'class_cast_exception',
        `field [${field}] of type [${info.type}] has no numeric field data`,
      ),
    );
  }
  return new FieldValueFactorFunction(field, factor, modifier, missing, true);
};
