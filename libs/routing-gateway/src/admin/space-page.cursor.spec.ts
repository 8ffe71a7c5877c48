import { ValidationFailedException } from '@switchyard/errors';
import { decodeSpaceCursor, encodeSpaceCursor } from './space-page.cursor';

describe('space page cursor', () => {
  describe('decodeSpaceCursor', () => {
    it('should give back the name the cursor was made of, whatever its characters', () => {
      const name = 'Équipe / north ~ 7';

      const sut = decodeSpaceCursor(encodeSpaceCursor(name));

      expect(sut).toBe(name);
    });

    it('should read no cursor as the first page', () => {
      expect([decodeSpaceCursor(undefined), decodeSpaceCursor('')]).toEqual([undefined, undefined]);
    });

    it('should refuse a cursor this API did not make, naming the field', () => {
      const attempt = () => decodeSpaceCursor('not a cursor!');

      expect(attempt).toThrow(ValidationFailedException);
      expect(() => decodeSpaceCursor('%%%')).toThrow(
        expect.objectContaining({ details: [{ field: 'cursor', reason: expect.any(String) }] }),
      );
    });
  });
});
