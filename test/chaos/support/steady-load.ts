import { Agent, request } from 'undici';

/** One request the load sends: what it is, and for a write the unique name it carries (counted in storage afterwards). */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  name?: string;
}

/** A kind of request the load repeats; `build` is given a sequence number unique within the run. */
export interface LoadOperation {
  operation: string;
  build(sequence: number): LoadRequest;
}

/** What came back for one request (status 0: no HTTP answer at all, `code` says why). */
export interface LoadAnswer {
  operation: string;
  name?: string;
  status: number;
  /** `error` of Switchyard's JSON error body, `(non-json)` for a body of someone else's (nginx), the network error's code for status 0. */
  code?: string;
  /** `details.dependency` of a DEPENDENCY_UNAVAILABLE body. */
  dependency?: string;
  servedBy?: string;
  fallback?: string;
  startedAt: number;
  endedAt: number;
}

export interface SteadyLoadOptions {
  /** Requests in flight at once (each loop sends one, waits for the answer, pauses, sends the next). */
  loops?: number;
  pauseMs?: number;
  /** Hard bounds, whatever the test does: the load stops by itself at either. */
  maxRequests?: number;
  maxDurationMs?: number;
}

/**
 * A bounded, paced load through the balancer: a few loops cycling through the operations, recording every
 * answer. The pause keeps a 2-core machine shared with other runs from being saturated by the driver itself.
 */
export class SteadyLoad {
  readonly answers: LoadAnswer[] = [];
  private readonly agent: Agent;
  private readonly loops: number;
  private readonly pauseMs: number;
  private readonly maxRequests: number;
  private readonly maxDurationMs: number;
  private sequence = 0;
  private running = false;
  private startedAt = 0;
  private workers: Array<Promise<void>> = [];

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly operations: readonly LoadOperation[],
    { loops = 3, pauseMs = 15, maxRequests = 6_000, maxDurationMs = 90_000 }: SteadyLoadOptions = {},
  ) {
    this.loops = loops;
    this.pauseMs = pauseMs;
    this.maxRequests = maxRequests;
    this.maxDurationMs = maxDurationMs;
    this.agent = new Agent({ connections: loops, headersTimeout: 15_000, bodyTimeout: 15_000 });
  }

  start(): this {
    this.running = true;
    this.startedAt = Date.now();
    this.workers = Array.from({ length: this.loops }, () => this.loop());
    return this;
  }

  /** Lets the load run for a stated time: the length of an outage, never a wait for a state. */
  async keepRunning(milliseconds: number): Promise<void> {
    await pause(milliseconds);
  }

  /** Answers to one operation that were sent at or after `since`. */
  answersOf(operation: string, since = 0): LoadAnswer[] {
    return this.answers.filter((answer) => answer.operation === operation && answer.startedAt >= since);
  }

  /** Whether every operation has had `count` answers of 2xx sent at or after `since`. */
  everyOperationSucceeded(count: number, since = 0): boolean {
    return this.operations.every(
      ({ operation }) => this.answersOf(operation, since).filter((answer) => isSuccess(answer.status)).length >= count,
    );
  }

  async stop(): Promise<LoadAnswer[]> {
    this.running = false;
    await Promise.all(this.workers);
    await this.agent.close();
    return this.answers;
  }

  private async loop(): Promise<void> {
    while (this.running && this.sequence < this.maxRequests && Date.now() - this.startedAt < this.maxDurationMs) {
      const sequence = this.sequence;
      this.sequence += 1;
      const { operation, build } = this.operations[sequence % this.operations.length]!;
      this.answers.push(await this.send(operation, build(sequence)));
      await pause(this.pauseMs);
    }
  }

  private async send(operation: string, outgoing: LoadRequest): Promise<LoadAnswer> {
    const startedAt = Date.now();
    try {
      const response = await request(`${this.baseUrl}${outgoing.path}`, {
        method: outgoing.method,
        dispatcher: this.agent,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(outgoing.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: outgoing.body === undefined ? undefined : JSON.stringify(outgoing.body),
      });
      const text = await response.body.text();
      const header = (name: string) => {
        const value = response.headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      };
      return {
        operation,
        name: outgoing.name,
        status: response.statusCode,
        ...(isSuccess(response.statusCode) ? {} : errorOf(text)),
        servedBy: header('x-served-by'),
        fallback: header('x-fallback'),
        startedAt,
        endedAt: Date.now(),
      };
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).message;
      return { operation, name: outgoing.name, status: 0, code, startedAt, endedAt: Date.now() };
    }
  }
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The code and dependency of an error body; `(non-json)` when someone other than a node answered (nginx's own pages). */
function errorOf(text: string): Pick<LoadAnswer, 'code' | 'dependency'> {
  try {
    const body = JSON.parse(text) as { error?: unknown; details?: { dependency?: unknown } };
    return {
      code: typeof body.error === 'string' ? body.error : '(no code)',
      ...(typeof body.details?.dependency === 'string' ? { dependency: body.details.dependency } : {}),
    };
  } catch {
    return { code: '(non-json)' };
  }
}

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
