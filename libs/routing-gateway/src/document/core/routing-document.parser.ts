import { parseDocument } from 'yaml';
import { DocumentReader } from './document.reader';
import { readFeatureToggles } from './feature-toggle.parser';
import { readRouteRules } from './route-rule.parser';
import { DefaultTarget, RoutingDocument } from './routing-document.model';
import { RoutingException } from '../../routing.errors';
import { readRollbackSettings, readShadowSettings } from './routing-settings.parser';

export type RoutingDocumentFormat = 'yaml' | 'json';

export type RoutingDocumentResult = { ok: true; document: RoutingDocument } | { ok: false; problems: string[] };

const TOP_LEVEL_KEYS = ['default', 'features', 'rules', 'shadow', 'rollback'] as const;
const DEFAULT_TARGETS: readonly DefaultTarget[] = ['legacy', 'new'];
// A routing document is a few kilobytes; this only stops a runaway file or request body.
const MAX_TEXT_LENGTH = 1024 * 1024;
const MAX_PROBLEMS = 100;

/**
 * Validates a parsed document (file or admin API body) and fills every default. All problems are
 * listed with their path, so one round trip fixes them; the caller keeps the active document on failure.
 */
export function parseRoutingDocument(input: unknown): RoutingDocumentResult {
  const reader = new DocumentReader();
  const fields = reader.object(input, '', TOP_LEVEL_KEYS);
  const defaultTarget = reader.oneOf(fields.default, 'default', DEFAULT_TARGETS, 'legacy');
  const features = readFeatureToggles(reader, fields.features);
  const document: RoutingDocument = {
    default: defaultTarget,
    features,
    rules: readRouteRules(reader, fields.rules, new Set(features.map((feature) => feature.key))),
    shadow: readShadowSettings(reader, fields.shadow),
    rollback: readRollbackSettings(reader, fields.rollback),
  };
  return reader.problems.length > 0 ? { ok: false, problems: capped(reader.problems) } : { ok: true, document: deepFreeze(document) };
}

/** A garbage document could yield thousands of problems; the first hundred say enough. */
function capped(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more problems`];
}

/** For `ROUTING_CONFIG`: syntax errors come back as problems with their line and column. */
export function parseRoutingText(text: string, format: RoutingDocumentFormat): RoutingDocumentResult {
  if (text.length > MAX_TEXT_LENGTH) return { ok: false, problems: [`(document): larger than ${MAX_TEXT_LENGTH} characters`] };
  const parsed = format === 'json' ? parseJson(text) : parseYaml(text);
  return 'problems' in parsed ? { ok: false, problems: parsed.problems } : parseRoutingDocument(parsed.value);
}

/** Throwing variant for the admin API: a 400 whose details list every problem. */
export function parseRoutingDocumentOrThrow(input: unknown): RoutingDocument {
  const result = parseRoutingDocument(input);
  if (!result.ok) throw RoutingException.invalidDocument(result.problems);
  return result.document;
}

/** `.json` is JSON; `.yaml`, `.yml` and anything else is YAML (a superset of JSON). */
export function formatOfFileName(fileName: string): RoutingDocumentFormat {
  return fileName.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

function parseJson(text: string): { value: unknown } | { problems: string[] } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { problems: [`(document): not valid JSON: ${(error as Error).message}`] };
  }
}

function parseYaml(text: string): { value: unknown } | { problems: string[] } {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  // The first line holds the message and position; the code frame after it does not fit a problem list.
  const firstLine = (message: string) => (message.split('\n', 1)[0] ?? '').replace(/:$/, '');
  if (document.errors.length > 0)
    return { problems: document.errors.map((error) => `(document): not valid YAML: ${firstLine(error.message)}`) };
  try {
    return { value: document.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (error) {
    return { problems: [`(document): not valid YAML: ${(error as Error).message}`] };
  }
}

/** The active document is shared by every request; freezing it makes accidental edits fail loudly. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
