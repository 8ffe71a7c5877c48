import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createLogDestination, flushLogDestination } from './log-destination';

describe(createLogDestination.name, () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-log-destination-'));

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('should keep every line when a burst logs far faster than the output drains', () => {
    const file = join(directory, 'burst.log');
    const fd = openSync(file, 'w');
    const destination = createLogDestination({ level: 'info', format: 'json' }, undefined, fd);
    const logger = pino({ level: 'info' }, destination.stream);
    const padding = 'x'.repeat(300);

    for (let index = 0; index < 100_000; index += 1) logger.info({ index, padding }, 'burst');
    flushLogDestination(destination);
    closeSync(fd);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(100_000);
    expect(JSON.parse(lines[99_999]!)).toMatchObject({ index: 99_999, msg: 'burst' });
  });
});
