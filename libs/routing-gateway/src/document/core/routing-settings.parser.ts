import { DocumentReader } from './document.reader';
import { parseIgnorePattern } from './ignore-path.matcher';
import { ROLLBACK_DEFAULTS, RollbackSettings, SHADOW_DEFAULTS, ShadowSettings } from './routing-document.model';

const MAX_IGNORE_PATHS = 200;
const SHADOW_KEYS = ['ignorePaths', 'maxConcurrency', 'sampleSize', 'maxDifferences'] as const;
const ROLLBACK_KEYS = [
  'enabled',
  'windowMs',
  'minRequests',
  'errorRateFactor',
  'p95Factor',
  'errorRateFloor',
  'p95FloorMs',
  'maxSamples',
  'globalMinTenants',
] as const;

export function readShadowSettings(reader: DocumentReader, value: unknown): ShadowSettings {
  if (value === undefined) return { ...SHADOW_DEFAULTS, ignorePaths: [] };
  const fields = reader.object(value, 'shadow', SHADOW_KEYS);
  return {
    ignorePaths: readIgnorePaths(reader, fields.ignorePaths),
    maxConcurrency: reader.integer(fields.maxConcurrency, 'shadow.maxConcurrency', {
      min: 1,
      max: 1_000,
      fallback: SHADOW_DEFAULTS.maxConcurrency,
    }),
    sampleSize: reader.integer(fields.sampleSize, 'shadow.sampleSize', { min: 0, max: 1_000, fallback: SHADOW_DEFAULTS.sampleSize }),
    maxDifferences: reader.integer(fields.maxDifferences, 'shadow.maxDifferences', {
      min: 1,
      max: 1_000,
      fallback: SHADOW_DEFAULTS.maxDifferences,
    }),
  };
}

function readIgnorePaths(reader: DocumentReader, value: unknown): string[] {
  return reader.list(value, 'shadow.ignorePaths', MAX_IGNORE_PATHS).map((item, index) => {
    const path = `shadow.ignorePaths[${index}]`;
    const pattern = reader.string(item, path);
    const parsed = typeof item === 'string' && item !== '' ? parseIgnorePattern(pattern) : [];
    if (!Array.isArray(parsed)) reader.report(path, parsed.problem);
    return pattern;
  });
}

export function readRollbackSettings(reader: DocumentReader, value: unknown): RollbackSettings {
  if (value === undefined) return { ...ROLLBACK_DEFAULTS };
  const fields = reader.object(value, 'rollback', ROLLBACK_KEYS);
  const defaults = ROLLBACK_DEFAULTS;
  return {
    enabled: reader.boolean(fields.enabled, 'rollback.enabled', defaults.enabled),
    windowMs: reader.integer(fields.windowMs, 'rollback.windowMs', { min: 1_000, max: 3_600_000, fallback: defaults.windowMs }),
    minRequests: reader.integer(fields.minRequests, 'rollback.minRequests', { min: 1, max: 1_000_000, fallback: defaults.minRequests }),
    errorRateFactor: reader.number(fields.errorRateFactor, 'rollback.errorRateFactor', {
      min: 1,
      max: 100,
      fallback: defaults.errorRateFactor,
    }),
    p95Factor: reader.number(fields.p95Factor, 'rollback.p95Factor', { min: 1, max: 100, fallback: defaults.p95Factor }),
    errorRateFloor: reader.number(fields.errorRateFloor, 'rollback.errorRateFloor', { min: 0, max: 1, fallback: defaults.errorRateFloor }),
    p95FloorMs: reader.number(fields.p95FloorMs, 'rollback.p95FloorMs', { min: 0, max: 60_000, fallback: defaults.p95FloorMs }),
    maxSamples: reader.integer(fields.maxSamples, 'rollback.maxSamples', { min: 1, max: 1_000_000, fallback: defaults.maxSamples }),
    globalMinTenants: reader.integer(fields.globalMinTenants, 'rollback.globalMinTenants', {
      min: 1,
      max: 10_000,
      fallback: defaults.globalMinTenants,
    }),
  };
}
