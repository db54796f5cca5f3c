/** Whether a field may leave the service (API responses, logs for clients) or stays inside (engine, ranking). */
export type FieldPrivacy = 'public' | 'private';

/** The names of the fields a privacy table marks as `marking`. */
export type FieldsMarked<Table, Marking extends FieldPrivacy> = {
  [K in keyof Table]: Table[K] extends Marking ? K : never;
}[keyof Table];

/** The field names of a privacy table with the given marking, in table order. */
export function fieldsMarked<Table extends Record<string, FieldPrivacy>>(
  table: Table,
  marking: FieldPrivacy,
): FieldsMarked<Table, typeof marking>[] {
  return Object.keys(table).filter((field) => table[field] === marking) as FieldsMarked<
    Table,
    typeof marking
  >[];
}

/**
 * Copies only the fields the table marks public and that are set. A field missing from the table never leaves:
 * what is not known to be public is private.
 */
export function pickPublicFields<Item extends object, Table extends Record<string, FieldPrivacy>>(
  item: Item,
  table: Table,
): Partial<Item> {
  const view: Partial<Item> = {};
  for (const field of fieldsMarked(table, 'public') as unknown as (keyof Item)[]) {
    if (item[field] !== undefined) view[field] = item[field];
  }
  return view;
}
