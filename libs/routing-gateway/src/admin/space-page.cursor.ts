import { ValidationFailedException } from '@switchyard/errors';

/** The last space name of a page, opaque to the client: a keyset position, so pages never skip or repeat. */
export function encodeSpaceCursor(lastName: string): string {
  return Buffer.from(lastName, 'utf8').toString('base64url');
}

export function decodeSpaceCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  // base64url decoding skips what it cannot read, so a cursor this API made is exactly the encoding of its name.
  if (name === '' || encodeSpaceCursor(name) !== cursor)
    throw new ValidationFailedException([{ field: 'cursor', reason: 'cursor is not a nextCursor this API returned' }]);
  return name;
}
