import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DEFINITIONS } from './config.definitions';

/** Variables documented in .env.example (each as `NAME=` at the start of a line). */
function documented(): Set<string> {
  const text = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
}

describe('.env.example', () => {
  it('should document every variable the configuration validates', () => {
    const storage = getMetadataStorage();
    const validated = new Set(
      CONFIG_DEFINITIONS.flatMap((definition) =>
        storage.getTargetValidationMetadatas(definition.environment, '', true, false).map((metadata) => metadata.propertyName),
      ),
    );

    const missing = [...validated].filter((name) => !documented().has(name)).sort();

    expect(missing).toEqual([]);
  });
});
