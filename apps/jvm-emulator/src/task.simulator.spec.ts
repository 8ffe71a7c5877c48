import { EmulatorErrorCode } from './emulator.error';
import type { SimulatedTask, TaskSubmission } from './proto.types';
import { TaskSimulator } from './task.simulator';

const START_MS = 1_700_000_000_000;
const DURATION_MS = 1000;

class FakeClock {
  nowMs = START_MS;

  readonly read = (): number => this.nowMs;

  advance(milliseconds: number): void {
    this.nowMs += milliseconds;
  }
}

const orders: TaskSubmission = { name: 'orders', source: 'mysql://a/db.orders', target: 'doris://b/dw.orders' };

describe(TaskSimulator.name, () => {
  let clock: FakeClock;
  let sut: TaskSimulator;

  beforeEach(() => {
    clock = new FakeClock();
    sut = new TaskSimulator({ clock: clock.read, durationMs: DURATION_MS });
  });

  describe('submit', () => {
    it('should create a pending task with a UUID and its creation time', () => {
      const task = sut.submit(orders);

      expect(task).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        name: 'orders',
        source: 'mysql://a/db.orders',
        target: 'doris://b/dw.orders',
        status: 'PENDING',
        progress: 0,
        rowsRead: 0,
        rowsWritten: 0,
        error: '',
        createdAtMs: START_MS,
        startedAtMs: 0,
        finishedAtMs: 0,
      });
    });

    it('should return the same task for the same idempotency key', () => {
      const first = sut.submit({ ...orders, idempotencyKey: 'key-1' });
      clock.advance(500);

      const again = sut.submit({ ...orders, idempotencyKey: 'key-1' });
      const other = sut.submit({ ...orders, idempotencyKey: 'key-2' });

      expect(again).toMatchObject({ id: first.id, status: 'RUNNING', createdAtMs: START_MS });
      expect(other.id).not.toBe(first.id);
    });

    it('should create separate tasks when no idempotency key is given', () => {
      const first = sut.submit(orders);

      const second = sut.submit(orders);

      expect(second.id).not.toBe(first.id);
    });

    it.each([
      [{ ...orders, name: '' }, 'name is required'],
      [{ ...orders, source: '  ' }, 'source is required'],
      [{ name: 'orders' }, 'source, target are required'],
    ])('should reject %j naming the missing field', (request, message) => {
      const submit = () => sut.submit(request);

      expect(submit).toThrow(expect.objectContaining({ code: EmulatorErrorCode.InvalidArgument, message }));
    });
  });

  describe('getStatus', () => {
    it('should move a task from pending through running to succeeded as time passes', () => {
      const { id } = sut.submit({ ...orders, tableMapping: { orders: 'orders', customers: 'customers' } });

      clock.advance(99);
      const pending = sut.getStatus(id);
      clock.advance(1);
      const started = sut.getStatus(id);
      clock.advance(450);
      const halfway = sut.getStatus(id);
      clock.advance(450);
      const succeeded = sut.getStatus(id);

      expect(pending).toMatchObject({ status: 'PENDING', progress: 0, startedAtMs: 0 });
      expect(started).toMatchObject({ status: 'RUNNING', progress: 0, startedAtMs: START_MS + 100, finishedAtMs: 0 });
      expect(halfway).toMatchObject({ status: 'RUNNING', progress: 0.5, rowsRead: 1000, rowsWritten: 1000 });
      expect(succeeded).toMatchObject({
        status: 'SUCCEEDED',
        progress: 1,
        rowsRead: 2000,
        rowsWritten: 2000,
        error: '',
        startedAtMs: START_MS + 100,
        finishedAtMs: START_MS + DURATION_MS,
      });
    });

    it('should report progress that never goes down', () => {
      const { id } = sut.submit(orders);
      const observed: SimulatedTask[] = [];

      for (let step = 0; step <= 12; step += 1) {
        observed.push(sut.getStatus(id));
        clock.advance(DURATION_MS / 10);
      }

      const progress = observed.map((task) => task.progress);
      expect(progress).toEqual([...progress].sort((left, right) => left - right));
      expect(progress.at(-1)).toBe(1);
      expect(observed.at(-1)?.rowsRead).toBe(1000);
    });

    it('should end a task whose source mentions "fail" as FAILED with an error', () => {
      const { id } = sut.submit({ ...orders, source: 'mysql://a/db.fail_me' });
      clock.advance(DURATION_MS - 1);
      const beforeTheEnd = sut.getStatus(id);
      clock.advance(1);

      const failed = sut.getStatus(id);

      expect(beforeTheEnd).toMatchObject({ status: 'RUNNING', error: '' });
      expect(failed).toMatchObject({ status: 'FAILED', finishedAtMs: START_MS + DURATION_MS, error: expect.stringContaining('fail_me') });
    });

    it('should answer NOT_FOUND for an unknown id', () => {
      const getStatus = () => sut.getStatus('no-such-task');

      expect(getStatus).toThrow(expect.objectContaining({ code: EmulatorErrorCode.NotFound, message: 'Task "no-such-task" not found' }));
    });
  });

  describe('cancel', () => {
    it('should cancel a running task and freeze it at the moment of cancelling', () => {
      const { id } = sut.submit(orders);
      clock.advance(550);

      const cancelled = sut.cancel(id);
      clock.advance(DURATION_MS);
      const later = sut.getStatus(id);

      expect(cancelled).toMatchObject({
        status: 'CANCELLED',
        progress: 0.5,
        rowsRead: 500,
        startedAtMs: START_MS + 100,
        finishedAtMs: START_MS + 550,
      });
      expect(later).toEqual(cancelled);
    });

    it('should cancel a pending task that never started', () => {
      const { id } = sut.submit(orders);
      clock.advance(10);

      const cancelled = sut.cancel(id);

      expect(cancelled).toMatchObject({ status: 'CANCELLED', progress: 0, startedAtMs: 0, finishedAtMs: START_MS + 10 });
    });

    it('should return a finished task unchanged', () => {
      const { id } = sut.submit(orders);
      clock.advance(DURATION_MS);
      const succeeded = sut.getStatus(id);

      const cancelled = sut.cancel(id);

      expect(cancelled).toEqual(succeeded);
    });

    it('should answer NOT_FOUND for an unknown id', () => {
      const cancel = () => sut.cancel('no-such-task');

      expect(cancel).toThrow(expect.objectContaining({ code: EmulatorErrorCode.NotFound }));
    });
  });

  describe('constructor', () => {
    it('should refuse a duration that is not positive', () => {
      const create = () => new TaskSimulator({ durationMs: 0 });

      expect(create).toThrow(RangeError);
    });
  });
});
