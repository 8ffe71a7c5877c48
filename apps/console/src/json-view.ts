/** One line of a pretty-printed body; `marked` when it belongs to a JSON path that differs between the sides. */
export interface BodyLine {
  text: string;
  marked: boolean;
}

/**
 * A body pretty-printed line by line, each line knowing its JSON pointer: a line is marked when its path is a
 * differing path or lies inside one. A body that is not JSON (or was cut) is shown as it came, unmarked.
 */
export function bodyLines(text: string, differingPaths: readonly string[]): { lines: BodyLine[]; json: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { lines: text.split('\n').map((line) => ({ text: line, marked: false })), json: false };
  }
  const lines: BodyLine[] = [];
  const isMarked = (path: string) => differingPaths.some((differing) => path === differing || path.startsWith(`${differing}/`));
  write(value, '', 0, '', '', lines, isMarked);
  return { lines, json: true };
}

function write(
  value: unknown,
  path: string,
  depth: number,
  label: string,
  comma: string,
  lines: BodyLine[],
  isMarked: (path: string) => boolean,
): void {
  const indent = '  '.repeat(depth);
  const marked = isMarked(path);
  const entries = entriesOf(value);
  if (!entries || entries.length === 0) {
    lines.push({ text: `${indent}${label}${JSON.stringify(value)}${comma}`, marked });
    return;
  }
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  lines.push({ text: `${indent}${label}${open}`, marked });
  entries.forEach(([key, child], index) => {
    const childLabel = Array.isArray(value) ? '' : `${JSON.stringify(key)}: `;
    const childComma = index < entries.length - 1 ? ',' : '';
    write(child, `${path}/${escapeSegment(key)}`, depth + 1, childLabel, childComma, lines, isMarked);
  });
  lines.push({ text: `${indent}${close}${comma}`, marked });
}

function entriesOf(value: unknown): Array<[string, unknown]> | undefined {
  if (Array.isArray(value)) return value.map((child, index) => [String(index), child]);
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  return undefined;
}

/** JSON pointer (RFC 6901), as the server's diff names paths. */
function escapeSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
