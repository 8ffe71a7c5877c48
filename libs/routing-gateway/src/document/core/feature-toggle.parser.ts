import { DocumentReader, isPlainObject } from './document.reader';
import { AccessList, FEATURE_DEFAULTS, FeatureToggle, StickBy } from './routing-document.model';

export const MAX_FEATURES = 500;
const MAX_LIST_ENTRIES = 10_000;
const FEATURE_KEYS = ['key', 'enabled', 'tenants', 'spaces', 'percentage', 'stickBy', 'salt'] as const;
const FEATURE_KEY = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
  hint: 'letters, digits, ".", "_" or "-" (at most 100, starting with a letter or digit)',
};
const IDENTIFIER = { pattern: /^\S+$/, hint: 'a non-empty string without spaces (quote numeric ids)' };
const STICK_BY: readonly StickBy[] = ['tenant', 'space'];

export function readFeatureToggles(reader: DocumentReader, value: unknown): FeatureToggle[] {
  const features = reader.list(value, 'features', MAX_FEATURES).map((item, index) => readFeatureToggle(reader, item, `features[${index}]`));
  reportDuplicateKeys(reader, features);
  return features;
}

function readFeatureToggle(reader: DocumentReader, value: unknown, path: string): FeatureToggle {
  const fields = reader.object(value, path, FEATURE_KEYS);
  // Reading the fields of a non-object would only add "is required" noise under the real problem.
  if (!isPlainObject(value)) return placeholderFeature();
  const key = reader.string(fields.key, `${path}.key`, FEATURE_KEY);
  return {
    key,
    enabled: reader.boolean(fields.enabled, `${path}.enabled`),
    tenants: readAccessList(reader, fields.tenants, `${path}.tenants`),
    spaces: readAccessList(reader, fields.spaces, `${path}.spaces`),
    percentage: reader.integer(fields.percentage, `${path}.percentage`, { min: 0, max: 100, fallback: FEATURE_DEFAULTS.percentage }),
    stickBy: reader.oneOf(fields.stickBy, `${path}.stickBy`, STICK_BY, FEATURE_DEFAULTS.stickBy),
    // Defaulting the salt to the key keeps buckets stable; changing it on purpose reshuffles everyone.
    salt: reader.string(fields.salt, `${path}.salt`, { fallback: key }),
  };
}

function readAccessList(reader: DocumentReader, value: unknown, path: string): AccessList {
  if (value === undefined) return { allow: [], deny: [] };
  const fields = reader.object(value, path, ['allow', 'deny']);
  return {
    allow: reader.stringList(fields.allow, `${path}.allow`, MAX_LIST_ENTRIES, IDENTIFIER),
    deny: reader.stringList(fields.deny, `${path}.deny`, MAX_LIST_ENTRIES, IDENTIFIER),
  };
}

function reportDuplicateKeys(reader: DocumentReader, features: readonly FeatureToggle[]): void {
  const firstIndex = new Map<string, number>();
  features.forEach((feature, index) => {
    const first = firstIndex.get(feature.key);
    if (first !== undefined && feature.key !== '') {
      reader.report(`features[${index}].key`, `duplicate feature key "${feature.key}" (also features[${first}])`);
    }
    if (first === undefined) firstIndex.set(feature.key, index);
  });
}

/** Stands in for an entry that is not an object; the document is rejected anyway. */
function placeholderFeature(): FeatureToggle {
  return {
    key: '',
    enabled: false,
    tenants: { allow: [], deny: [] },
    spaces: { allow: [], deny: [] },
    percentage: 0,
    stickBy: 'tenant',
    salt: '',
  };
}
