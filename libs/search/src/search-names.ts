/** The catalog's indices; each is read and written through an alias of this name (plus the configured prefix). */
export const CATALOG_INDEX_KINDS = ['places', 'members', 'member_edges'] as const;
export type CatalogIndexKind = (typeof CATALOG_INDEX_KINDS)[number];

export function isCatalogIndexKind(value: unknown): value is CatalogIndexKind {
  return (CATALOG_INDEX_KINDS as readonly unknown[]).includes(value);
}

/**
 * A unique key of each index's documents, as sort fields: the reindexer pages through an index with
 * `search_after` on it. (Sorting on `_id` needs fielddata that OpenSearch may refuse; these are keyword fields.)
 */
export const CATALOG_INDEX_SORT_KEYS: Readonly<Record<CatalogIndexKind, readonly string[]>> = {
  places: ['id'],
  members: ['id'],
  // An edge's id is `<kind>:<a>:<b>`, so the three fields together are unique.
  member_edges: ['kind', 'a', 'b'],
};

/** Lower-case letters, digits, `_` and `-`, ending with a separator when not empty: index names must be lower case. */
const PREFIX_PATTERN = /^([a-z0-9][a-z0-9_-]*[_-])?$/;

/**
 * Every engine name this service uses, built in one place. A prefix (e.g. `staging_`) lets several deployments or
 * test runs share one cluster: it goes before aliases, physical indices, template names and index patterns.
 * Stored script ids are not prefixed: an id carries its version, so one id always means one source.
 */
export class SearchNames {
  constructor(readonly prefix: string = '') {
    if (!PREFIX_PATTERN.test(prefix)) {
      throw new RangeError(
        `search index prefix must be lower-case letters, digits, '_' or '-', ending with '_' or '-', got [${prefix}]`,
      );
    }
  }

  /** The alias every read and write goes through: `places`. */
  alias(kind: CatalogIndexKind): string {
    return `${this.prefix}${kind}`;
  }

  /** A physical index behind the alias: `places_v3`. */
  physicalIndex(kind: CatalogIndexKind, version: number): string {
    return `${this.alias(kind)}_v${version}`;
  }

  /** Every physical index of a kind, as an index pattern: `places_v*`. */
  physicalPattern(kind: CatalogIndexKind): string {
    return `${this.alias(kind)}_v*`;
  }

  /** The version of a physical index of this kind (`places_v3` → 3), undefined for any other name. */
  versionOf(kind: CatalogIndexKind, index: string): number | undefined {
    const head = `${this.alias(kind)}_v`;
    if (!index.startsWith(head)) return undefined;
    const digits = index.slice(head.length);
    return /^[1-9][0-9]*$/.test(digits) ? Number(digits) : undefined;
  }

  /** A component or index template's name in the engine: the file's name plus the prefix. */
  template(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** An index pattern of a template file, as installed. */
  indexPattern(pattern: string): string {
    return `${this.prefix}${pattern}`;
  }
}
