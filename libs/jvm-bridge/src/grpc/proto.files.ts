import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's proto/ folder, found from this file so ts-node, jest and dist all resolve it. */
export function protoDirectory(start: string = __dirname): string {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'proto', 'calcite.proto'))) return join(directory, 'proto');
    if (dirname(directory) === directory) throw new Error('proto/ folder not found above ' + start);
  }
}
