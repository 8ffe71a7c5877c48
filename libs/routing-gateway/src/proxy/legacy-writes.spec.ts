import { LegacyWrite, LegacyWrites, isLegacyWrite } from './legacy-writes';

const write: LegacyWrite = { method: 'PATCH', path: '/api/v1/spaces/x', tenantId: 't', userId: 'u', status: 200 };

describe('LegacyWrites', () => {
  it('should run every listener in the order they were added', async () => {
    const writes = new LegacyWrites();
    const seen: string[] = [];
    writes.listen(async (received) => void seen.push(`first ${received.path}`));
    writes.listen(async (received) => void seen.push(`second ${received.path}`));

    await writes.applied(write);

    expect(seen).toEqual(['first /api/v1/spaces/x', 'second /api/v1/spaces/x']);
  });

  it('should go on to the next listener when one fails, and not fail the response', async () => {
    const writes = new LegacyWrites();
    const seen: string[] = [];
    writes.listen(() => Promise.reject(new Error('cache down')));
    writes.listen(async () => void seen.push('after the failure'));

    await expect(writes.applied(write)).resolves.toBeUndefined();
    expect(seen).toEqual(['after the failure']);
  });
});

describe('isLegacyWrite', () => {
  it.each([
    ['POST', 201, true],
    ['PATCH', 200, true],
    ['PUT', 204, true],
    ['DELETE', 204, true],
    ['DELETE', 302, true],
    ['PATCH', 400, false],
    ['POST', 503, false],
    ['GET', 200, false],
    ['HEAD', 200, false],
    ['OPTIONS', 204, false],
  ])('should take %s answered %i as a write to follow: %s', (method, status, expected) => {
    expect(isLegacyWrite(method, status)).toBe(expected);
  });
});
