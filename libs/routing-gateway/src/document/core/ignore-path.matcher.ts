/** A position inside one pattern: `segment` segments of pattern `pattern` are matched. */
interface Position {
  pattern: number;
  segment: number;
}

/** Where the walk through a JSON tree stands against every pattern at once. */
export type IgnoreState = readonly Position[];

// Ignore patterns name JSON paths in one of two spellings:
// - JSON pointer: `/items/*/createdAt`, `/meta/requestId` (`~1` is a literal `/`, `~0` a literal `~`);
// - dotted: `items.*.createdAt`, `**.updatedAt`.
// `*` matches one key or array index, `**` any number of them (zero included). An ignored path hides
// its whole subtree. Returns the segments, or a problem for an invalid pattern.
export function parseIgnorePattern(pattern: string): string[] | { problem: string } {
  if (pattern === '' || pattern === '/') return { problem: 'must name a path below the root' };
  const segments = pattern.startsWith('/')
    ? pattern
        .slice(1)
        .split('/')
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    : pattern.split('.');
  if (segments.includes('')) return { problem: 'has an empty segment' };
  const badWildcard = segments.find((segment) => segment.includes('*') && segment !== '*' && segment !== '**');
  if (badWildcard) return { problem: `segment "${badWildcard}" mixes "*" with other characters` };
  return segments;
}

/** Matches all patterns in one pass over the tree: the state advances one key at a time. */
export class IgnoreMatcher {
  private constructor(private readonly patterns: readonly string[][]) {}

  static compile(patterns: readonly string[]): IgnoreMatcher {
    return new IgnoreMatcher(
      patterns.map((pattern) => {
        const parsed = parseIgnorePattern(pattern);
        if (!Array.isArray(parsed)) throw new Error(`Invalid ignore path "${pattern}": ${parsed.problem}`);
        return parsed;
      }),
    );
  }

  initial(): IgnoreState {
    return this.closure(this.patterns.map((_, pattern) => ({ pattern, segment: 0 })));
  }

  advance(state: IgnoreState, key: string): IgnoreState {
    const next: Position[] = [];
    for (const position of state) {
      const pattern = this.patterns[position.pattern] ?? [];
      const expected = pattern[position.segment];
      // A matched path hides its whole subtree, so a complete match stays complete below it.
      if (expected === '**' || position.segment === pattern.length) next.push(position);
      else if (expected === '*' || expected === key) next.push({ pattern: position.pattern, segment: position.segment + 1 });
    }
    return this.closure(next);
  }

  isIgnored(state: IgnoreState): boolean {
    return state.some((position) => position.segment === this.patterns[position.pattern]?.length);
  }

  /** `**` may match nothing, so a position before it also stands after it; duplicates are dropped. */
  private closure(positions: Position[]): IgnoreState {
    const seen = new Set<string>();
    const result: Position[] = [];
    const pending = [...positions];
    for (let position = pending.pop(); position; position = pending.pop()) {
      const id = `${position.pattern}:${position.segment}`;
      if (seen.has(id)) continue;
      seen.add(id);
      result.push(position);
      if (this.patterns[position.pattern]?.[position.segment] === '**')
        pending.push({ pattern: position.pattern, segment: position.segment + 1 });
    }
    return result;
  }
}
