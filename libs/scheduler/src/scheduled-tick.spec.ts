import { scheduledTickOf } from './scheduled-tick';

const AT = (seconds: number, milliseconds = 0) => Date.UTC(2026, 0, 1, 0, 0, seconds, milliseconds);

describe(scheduledTickOf.name, () => {
  it.each([
    ['on time', AT(10), AT(10)],
    ['late by 400 ms', AT(10, 400), AT(10)],
    ['late by 600 ms (rounding the firing time named the next second)', AT(10, 600), AT(10)],
    ['late by 4.9 s', AT(14, 900), AT(10)],
  ])('should name the scheduled time of a tick fired %s', (_case, firedAt, expected) => {
    expect(scheduledTickOf('*/5 * * * * *', 'UTC', firedAt, 60_000)).toBe(expected);
  });

  it('should give two nodes firing either side of a half second the same tick, and the next tick another', () => {
    const first = scheduledTickOf('*/5 * * * * *', 'UTC', AT(10, 450), 60_000);
    const second = scheduledTickOf('*/5 * * * * *', 'UTC', AT(10, 550), 60_000);
    const next = scheduledTickOf('*/5 * * * * *', 'UTC', AT(15, 20), 60_000);

    expect([first, second, next]).toEqual([AT(10), AT(10), AT(15)]);
  });

  it('should name no tick when the timer fired later than the look-back', () => {
    expect(scheduledTickOf('0 0 * * *', 'UTC', Date.UTC(2026, 0, 1, 0, 2), 60_000)).toBeUndefined();
  });

  it('should read the expression in the time zone given', () => {
    // 02:00 in Berlin on 1 January is 01:00 UTC.
    expect(scheduledTickOf('0 0 2 * * *', 'Europe/Berlin', Date.UTC(2026, 0, 1, 1, 0, 0, 300), 60_000)).toBe(Date.UTC(2026, 0, 1, 1));
  });
});
