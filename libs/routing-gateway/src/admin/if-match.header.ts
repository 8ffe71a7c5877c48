import { ValidationFailedException } from '@switchyard/errors';

/** `If-Match: 7` or `If-Match: "7"` → 7; absent → undefined; anything else → 400 naming the header. */
export function parseVersionHeader(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const match = /^"?(\d{1,9})"?$/.exec(value.trim());
  if (!match) throw new ValidationFailedException([{ field: 'If-Match', reason: 'If-Match must be a routing version number' }]);
  return Number(match[1]);
}
