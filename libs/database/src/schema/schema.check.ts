/** A table the entities map, with the columns they read and write. */
export interface RequiredTable {
  table: string;
  columns: readonly string[];
}

/**
 * What a database lacks of what the entities need, in the entities' order: each missing table, and each
 * missing column of a table that exists. Column names compare without case, as MySQL compares them.
 */
export function missingSchema(required: readonly RequiredTable[], present: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const missing: string[] = [];
  for (const { table, columns } of required) {
    const have = present.get(table);
    if (!have) {
      missing.push(`table ${table}`);
      continue;
    }
    for (const column of columns) if (!have.has(column.toLowerCase())) missing.push(`column ${table}.${column}`);
  }
  return missing;
}

/** Start-up refusal when the schema Switchyard does not own lacks what it needs. */
export class SchemaMismatchError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(
      `The database lacks ${missing.length} thing(s) Switchyard needs, and DATABASE_MIGRATIONS_RUN=false creates nothing: ` +
        `${missing.join(', ')}. Apply the missing migrations (npm run migration:run) or the legacy side's expand step first.`,
    );
    this.name = 'SchemaMismatchError';
  }
}
