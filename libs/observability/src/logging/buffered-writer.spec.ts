import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../../../test/support/poll';
import { BufferedWriter } from './buffered-writer';

describe(BufferedWriter.name, () => {
  const directory = mkdtempSync(join(tmpdir(), 'swy-writer-'));
  let file: string;
  let fd: number;

  beforeEach(() => {
    file = join(directory, `${Date.now()}-${Math.random()}.log`);
    fd = openSync(file, 'w');
  });

  afterEach(() => closeSync(fd));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  describe('write', () => {
    it('should write every line of a burst much larger than its buffer, in order', () => {
      const sut = new BufferedWriter(fd, 8_192, 60_000);

      for (let index = 0; index < 100_000; index += 1) sut.write(`{"line":${index},"text":"ünïcødé ✓"}\n`);
      sut.end();

      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(100_000);
      expect(lines.every((line, index) => JSON.parse(line).line === index)).toBe(true);
    });

    it('should write a line longer than its whole buffer, after what came before it', () => {
      const sut = new BufferedWriter(fd, 64, 60_000);
      const long = `{"long":"${'é'.repeat(100)}"}\n`;

      sut.write('{"first":true}\n');
      sut.write(long);
      sut.write('{"last":true}\n');
      sut.end();

      expect(readFileSync(file, 'utf8')).toBe(`{"first":true}\n${long}{"last":true}\n`);
    });

    it('should never split a multi-byte character across two writes', () => {
      const sut = new BufferedWriter(fd, 16, 60_000);
      const lines = ['{"a":"ééé"}\n', '{"b":"✓✓✓"}\n', '{"c":"😀"}\n', '{"d":"x"}\n'];

      for (const line of lines) sut.write(line);
      sut.end();

      expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
    });

    it('should hold lines until the buffer is full', () => {
      const sut = new BufferedWriter(fd, 8_192, 60_000);

      sut.write('{"small":true}\n');
      const before = readFileSync(file, 'utf8');
      sut.end();

      expect(before).toBe('');
      expect(readFileSync(file, 'utf8')).toBe('{"small":true}\n');
    });
  });

  describe('flush', () => {
    it('should write what a quiet server logged within its flush interval', async () => {
      const sut = new BufferedWriter(fd, 8_192, 20);

      sut.write('{"quiet":true}\n');

      await eventually(() => readFileSync(file, 'utf8') === '{"quiet":true}\n', { message: 'the periodic flush' });
      sut.end();
    });
  });
});
