import { OpenSearchError } from '../errors';
import { parseAliasDefinitions, parseTemplateAliases, validateAliasStandalone } from './alias-definitions';

function thrown(fn: () => unknown): OpenSearchError {
  try {
    fn();
  } catch (error) {
    return error as OpenSearchError;
  }
  throw new Error('expected an error');
}

describe('parseAliasDefinitions (Alias#fromXContent)', () => {
  it('reads filter, routings, write and hidden flags; routing sets both routings', () => {
    const aliases = parseAliasDefinitions(
      {
        alias1: {},
        alias2: { filter: { term: { user: 'kimchy' } }, routing: '1', is_write_index: true },
        alias3: { index_routing: 'a', search_routing: 'b,c', is_hidden: true },
        alias4: { filter: {} },
      },
      'idx',
    );
    expect(Object.fromEntries(aliases)).toEqual({
      alias1: {},
      alias2: {
        filter: { term: { user: 'kimchy' } },
        index_routing: '1',
        search_routing: '1',
        is_write_index: true,
      },
      alias3: { index_routing: 'a', search_routing: 'b,c', is_hidden: true },
      alias4: {},
    });
  });

  it('ignores unknown keys and values of other types, as OpenSearch does', () => {
    expect(
      Object.fromEntries(
        parseAliasDefinitions({ a: { bogus: 1, routing: 5, is_write_index: 'yes' } }, 'idx'),
      ),
    ).toEqual({ a: {} });
  });

  it('applies AliasValidator name rules', () => {
    expect(thrown(() => parseAliasDefinitions({ _a: {} }, 'idx'))).toEqual(
      new OpenSearchError(
        400,
        'invalid_alias_name_exception',
        "Invalid alias name [_a]: must not start with '_', '-', or '+'",
      ),
    );
    expect(thrown(() => parseAliasDefinitions({ 'a*': {} }, 'idx')).reason).toBe(
      'Invalid alias name [a*]: must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]',
    );
    expect(thrown(() => parseAliasDefinitions({ a: { index_routing: '1,2' } }, 'idx'))).toEqual(
      new OpenSearchError(
        400,
        'illegal_argument_exception',
        'alias [a] has several index routing values associated with it',
      ),
    );
    expect(() => validateAliasStandalone('Upper')).not.toThrow();
  });
});

describe('parseTemplateAliases (AliasMetadata.Builder#fromXContent)', () => {
  it('takes scalar routings as text and boolean strings', () => {
    expect(parseTemplateAliases({ a: { routing: 1, is_write_index: 'true', other: 'x' } })).toEqual({
      a: { index_routing: '1', search_routing: '1', is_write_index: true },
    });
  });
});
