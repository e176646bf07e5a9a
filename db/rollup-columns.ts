/**
 * The names of rollup_sent's count columns, one per value of a list: `<prefix>_<value>` in SQL, e.g.
 * type_phone_call, source_api. Shared by both dialects' schemas (db/schema.ts, db/schema.pg.ts) so their
 * columns cannot be spelled differently.
 */
export const countColumnNames = (prefix: string, values: readonly string[]) =>
  values.map((v) => `${prefix}_${v.toLowerCase().replace(/-/g, '_')}`);
