import { IncomingMessage } from 'node:http';
import { requestIdFor } from './request-id';

const requestWith = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe(requestIdFor.name, () => {
  it('should keep a plain incoming request id', () => {
    expect(requestIdFor(requestWith({ 'x-request-id': 'abc-123.4:5' }))).toBe('abc-123.4:5');
  });

  it('should replace an id that could inject into logs', () => {
    const id = requestIdFor(requestWith({ 'x-request-id': 'abc\n{"level":60}' }));

    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should replace an id longer than 128 characters', () => {
    expect(requestIdFor(requestWith({ 'x-request-id': 'a'.repeat(129) }))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should generate an id when none is sent', () => {
    expect(requestIdFor(requestWith({}))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
