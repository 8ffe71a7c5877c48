import { IgnoreMatcher, IgnoreState } from '../../document/core/ignore-path.matcher';

export type JsonDifferenceKind = 'changed' | 'type' | 'missing-in-new' | 'extra-in-new';

/** `path` is a JSON pointer (RFC 6901): `/items/0/updatedAt`, `''` for the whole body. */
export interface JsonDifference {
  path: string;
  kind: JsonDifferenceKind;
  legacy?: unknown;
  new?: unknown;
}

export interface JsonDiffOptions {
  /** Patterns (see ignore-path.matcher.ts) or a matcher compiled once per document. */
  ignorePaths?: readonly string[] | IgnoreMatcher;
  maxDifferences?: number;
}

const DEFAULT_MAX_DIFFERENCES = 20;
// Deeper than this, subtrees are compared whole: it keeps recursion far from the stack limit.
const MAX_DEPTH = 100;

interface DiffContext {
  matcher: IgnoreMatcher;
  maxDifferences: number;
  differences: JsonDifference[];
}

interface Location {
  path: string;
  state: IgnoreState;
  depth: number;
}

interface Slot {
  present: boolean;
  value: unknown;
}

type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'undefined';

/**
 * Compares two parsed JSON bodies key by key and arrays index by index (a reordered array shows as
 * changes). Stops after `maxDifferences`, so a completely different body costs little.
 */
export function diffJson(legacyBody: unknown, newBody: unknown, options: JsonDiffOptions = {}): JsonDifference[] {
  const ignorePaths = options.ignorePaths ?? [];
  const context: DiffContext = {
    matcher: ignorePaths instanceof IgnoreMatcher ? ignorePaths : IgnoreMatcher.compile(ignorePaths),
    maxDifferences: options.maxDifferences ?? DEFAULT_MAX_DIFFERENCES,
    differences: [],
  };
  const state = context.matcher.initial();
  if (!context.matcher.isIgnored(state)) compareValues(legacyBody, newBody, { path: '', state, depth: 0 }, context);
  return context.differences;
}

export function escapePointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

function compareValues(legacy: unknown, candidate: unknown, location: Location, context: DiffContext): void {
  const { path } = location;
  const legacyType = jsonTypeOf(legacy);
  if (legacyType !== jsonTypeOf(candidate)) return add(context, { path, kind: 'type', legacy, new: candidate });
  if (location.depth >= MAX_DEPTH) {
    if (JSON.stringify(legacy) !== JSON.stringify(candidate)) add(context, { path, kind: 'changed', legacy, new: candidate });
    return;
  }
  if (legacyType === 'array' || legacyType === 'object') return compareChildren(legacy as object, candidate as object, location, context);
  if (legacy !== candidate) add(context, { path, kind: 'changed', legacy, new: candidate });
}

/** Arrays compare index by index, objects key by key: legacy's keys first, then keys only the new side has. */
function compareChildren(legacy: object, candidate: object, location: Location, context: DiffContext): void {
  const keys = new Set([...Object.keys(legacy), ...Object.keys(candidate)]);
  for (const key of keys) {
    if (isFull(context)) return;
    const legacySlot = { present: Object.hasOwn(legacy, key), value: (legacy as Record<string, unknown>)[key] };
    const candidateSlot = { present: Object.hasOwn(candidate, key), value: (candidate as Record<string, unknown>)[key] };
    compareChild(key, legacySlot, candidateSlot, location, context);
  }
}

function compareChild(key: string, legacy: Slot, candidate: Slot, parent: Location, context: DiffContext): void {
  const state = parent.state.length > 0 ? context.matcher.advance(parent.state, key) : parent.state;
  if (context.matcher.isIgnored(state)) return;
  const path = `${parent.path}/${escapePointerSegment(key)}`;
  if (!candidate.present) return add(context, { path, kind: 'missing-in-new', legacy: legacy.value });
  if (!legacy.present) return add(context, { path, kind: 'extra-in-new', new: candidate.value });
  compareValues(legacy.value, candidate.value, { path, state, depth: parent.depth + 1 }, context);
}

function isFull(context: DiffContext): boolean {
  return context.differences.length >= context.maxDifferences;
}

function add(context: DiffContext, difference: JsonDifference): void {
  if (!isFull(context)) context.differences.push(difference);
}
