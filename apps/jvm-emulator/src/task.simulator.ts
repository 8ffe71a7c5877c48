import { randomUUID } from 'node:crypto';
import { EmulatorError, EmulatorErrorCode } from './emulator.error';
import type { SimulatedTask, TaskStatus, TaskSubmission } from './proto.types';

export type Clock = () => number;

export interface TaskSimulatorOptions {
  clock?: Clock;
  durationMs?: number;
  generateId?: () => string;
}

export const DEFAULT_TASK_DURATION_MS = 2000;

// A task waits in PENDING for this share of its duration before it starts running.
const PENDING_SHARE = 0.1;
const ROWS_PER_TABLE = 1000;
const FAILURE_MARKER = 'fail';
const REQUIRED_FIELDS = ['name', 'source', 'target'] as const;

interface TaskRecord {
  id: string;
  name: string;
  source: string;
  target: string;
  totalRows: number;
  failing: boolean;
  createdAtMs: number;
  cancelledAtMs?: number;
}

/**
 * SeaTunnel's task lifecycle without SeaTunnel. A task's state is computed from the clock each time
 * it is read, so no timers run and a fake clock moves tasks through their lifecycle deterministically.
 */
export class TaskSimulator {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly taskIdsByIdempotencyKey = new Map<string, string>();
  private readonly clock: Clock;
  private readonly durationMs: number;
  private readonly generateId: () => string;

  constructor({ clock = Date.now, durationMs = DEFAULT_TASK_DURATION_MS, generateId = randomUUID }: TaskSimulatorOptions = {}) {
    if (!Number.isFinite(durationMs) || durationMs <= 0)
      throw new RangeError(`Task duration must be a positive number of ms, got ${durationMs}`);
    this.clock = clock;
    this.durationMs = durationMs;
    this.generateId = generateId;
  }

  submit(request: TaskSubmission): SimulatedTask {
    assertRequiredFields(request);
    const idempotencyKey = request.idempotencyKey ?? '';
    const existingId = this.taskIdsByIdempotencyKey.get(idempotencyKey);
    if (existingId !== undefined) return this.getStatus(existingId);

    const task = createTaskRecord(request, this.generateId(), this.clock());
    this.tasks.set(task.id, task);
    if (idempotencyKey !== '') this.taskIdsByIdempotencyKey.set(idempotencyKey, task.id);
    return this.view(task);
  }

  getStatus(id: string): SimulatedTask {
    return this.view(this.find(id));
  }

  /** Cancelling freezes a running or pending task; a finished task is returned as it is. */
  cancel(id: string): SimulatedTask {
    const task = this.find(id);
    const current = this.view(task);
    if (isTerminal(current.status)) return current;
    task.cancelledAtMs = this.clock();
    return this.view(task);
  }

  private find(id: string): TaskRecord {
    const task = this.tasks.get(id);
    if (!task) throw new EmulatorError(EmulatorErrorCode.NotFound, `Task ${JSON.stringify(id)} not found`);
    return task;
  }

  private view(task: TaskRecord): SimulatedTask {
    const now = task.cancelledAtMs ?? this.clock();
    const snapshot = this.snapshotAt(task, now);
    if (task.cancelledAtMs === undefined) return snapshot;
    return { ...snapshot, status: 'CANCELLED', finishedAtMs: task.cancelledAtMs };
  }

  private snapshotAt(task: TaskRecord, now: number): SimulatedTask {
    const elapsedMs = now - task.createdAtMs;
    const pendingMs = Math.floor(this.durationMs * PENDING_SHARE);
    const base = taskBase(task);
    if (elapsedMs < pendingMs) return { ...base, status: 'PENDING' };

    const startedAtMs = task.createdAtMs + pendingMs;
    if (elapsedMs < this.durationMs) {
      const progress = (elapsedMs - pendingMs) / (this.durationMs - pendingMs);
      return { ...base, ...rowsAt(task, progress), status: 'RUNNING', startedAtMs };
    }

    const finishedAtMs = task.createdAtMs + this.durationMs;
    const finished = { ...base, ...rowsAt(task, 1), startedAtMs, finishedAtMs };
    if (!task.failing) return { ...finished, status: 'SUCCEEDED' };
    // The failure is simulated when the sink commits, after every row went through.
    return {
      ...finished,
      status: 'FAILED',
      error: `Simulated failure: source ${JSON.stringify(task.source)} contains "${FAILURE_MARKER}"`,
    };
  }
}

export function isTerminal(status: TaskStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';
}

function assertRequiredFields(request: TaskSubmission): void {
  const missing = REQUIRED_FIELDS.filter((field) => (request[field] ?? '').trim() === '');
  if (missing.length === 0) return;
  const verb = missing.length === 1 ? 'is' : 'are';
  throw new EmulatorError(EmulatorErrorCode.InvalidArgument, `${missing.join(', ')} ${verb} required`);
}

function createTaskRecord(request: TaskSubmission, id: string, createdAtMs: number): TaskRecord {
  const source = request.source ?? '';
  const tableCount = Object.keys(request.tableMapping ?? {}).length;
  return {
    id,
    name: request.name ?? '',
    source,
    target: request.target ?? '',
    totalRows: ROWS_PER_TABLE * Math.max(1, tableCount),
    failing: source.toLowerCase().includes(FAILURE_MARKER),
    createdAtMs,
  };
}

function taskBase(task: TaskRecord): SimulatedTask {
  return {
    id: task.id,
    name: task.name,
    source: task.source,
    target: task.target,
    status: 'PENDING',
    progress: 0,
    rowsRead: 0,
    rowsWritten: 0,
    error: '',
    createdAtMs: task.createdAtMs,
    startedAtMs: 0,
    finishedAtMs: 0,
  };
}

function rowsAt(task: TaskRecord, progress: number): Pick<SimulatedTask, 'progress' | 'rowsRead' | 'rowsWritten'> {
  const rows = Math.floor(task.totalRows * progress);
  return { progress, rowsRead: rows, rowsWritten: rows };
}
