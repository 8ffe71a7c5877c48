export interface NumberRange {
  min: number;
  max: number;
  fallback?: number;
}

export interface StringRule {
  fallback?: string;
  pattern?: RegExp;
  /** Says what `pattern` accepts, for the problem message. */
  hint?: string;
}

const MAX_STRING_LENGTH = 200;

/** What a value is, for messages: `"abc"`, `1.5`, `null`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function childPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/**
 * Reads untrusted input field by field and collects every problem as `path: message` instead of
 * stopping at the first. Each read returns a usable value even after a problem, so callers stay simple;
 * the result is discarded whenever a problem was recorded.
 */
export class DocumentReader {
  readonly problems: string[] = [];

  report(path: string, message: string): void {
    this.problems.push(`${path || '(document)'}: ${message}`);
  }

  object(value: unknown, path: string, knownKeys: readonly string[]): Record<string, unknown> {
    if (value === undefined) return this.missing(path, {});
    if (!isPlainObject(value)) {
      this.report(path, `must be an object, got ${describeValue(value)}`);
      return {};
    }
    for (const key of Object.keys(value).filter((key) => !knownKeys.includes(key))) {
      this.report(childPath(path, key), `unknown key; expected one of ${knownKeys.join(', ')}`);
    }
    return value;
  }

  /** An absent list is empty. */
  list(value: unknown, path: string, maxItems: number): unknown[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.report(path, `must be a list, got ${describeValue(value)}`);
      return [];
    }
    if (value.length > maxItems) this.report(path, `must have at most ${maxItems} entries, got ${value.length}`);
    return value;
  }

  string(value: unknown, path: string, rule: StringRule = {}): string {
    if (value === undefined && rule.fallback !== undefined) return rule.fallback;
    if (value === undefined) return this.missing(path, '');
    const hint = rule.hint ?? `a non-empty string of at most ${MAX_STRING_LENGTH} characters`;
    const valid = typeof value === 'string' && value.length > 0 && value.length <= MAX_STRING_LENGTH && (rule.pattern?.test(value) ?? true);
    if (!valid) this.report(path, `must be ${hint}, got ${describeValue(value)}`);
    return typeof value === 'string' ? value : '';
  }

  stringList(value: unknown, path: string, maxItems: number, rule: StringRule = {}): string[] {
    const items = this.list(value, path, maxItems).map((item, index) => this.string(item, `${path}[${index}]`, rule));
    return [...new Set(items)];
  }

  boolean(value: unknown, path: string, fallback?: boolean): boolean {
    if (value === undefined && fallback !== undefined) return fallback;
    if (value === undefined) return this.missing(path, false);
    if (typeof value !== 'boolean') this.report(path, `must be true or false, got ${describeValue(value)}`);
    return value === true;
  }

  integer(value: unknown, path: string, range: NumberRange): number {
    return this.numberIn(value, path, range, true);
  }

  number(value: unknown, path: string, range: NumberRange): number {
    return this.numberIn(value, path, range, false);
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback?: T): T {
    if (value === undefined && fallback !== undefined) return fallback;
    if (value === undefined) return this.missing(path, allowed[0] as T);
    if (!allowed.includes(value as T)) this.report(path, `must be one of ${allowed.join(', ')}, got ${describeValue(value)}`);
    return allowed.includes(value as T) ? (value as T) : (allowed[0] as T);
  }

  private numberIn(value: unknown, path: string, range: NumberRange, integer: boolean): number {
    if (value === undefined && range.fallback !== undefined) return range.fallback;
    if (value === undefined) return this.missing(path, range.min);
    const valid =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!integer || Number.isInteger(value)) &&
      value >= range.min &&
      value <= range.max;
    if (!valid) this.report(path, `must be ${integer ? 'an integer' : 'a number'} ${range.min}-${range.max}, got ${describeValue(value)}`);
    return valid ? value : range.min;
  }

  private missing<T>(path: string, placeholder: T): T {
    this.report(path, 'is required');
    return placeholder;
  }
}
