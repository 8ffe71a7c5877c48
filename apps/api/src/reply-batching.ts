import { FastifyInstance } from 'fastify';

/**
 * A promise shared by everything that waits for the end of the current event-loop turn: it settles in that
 * turn's check phase (`schedule` is setImmediate), and whatever awaited it continues there, together and in
 * the order it began waiting. Waiting while it settles (or after) waits for the next turn's.
 */
export class TurnBarrier {
  private pending: Promise<void> | undefined;

  constructor(private readonly schedule: (release: () => void) => void) {}

  next(): Promise<void> {
    return (this.pending ??= new Promise<void>((resolve) =>
      this.schedule(() => {
        this.pending = undefined;
        resolve();
      }),
    ));
  }
}

/**
 * Replies finished while the event loop handles one batch of I/O are written together at the end of that
 * batch, as Redis writes its replies before it next polls and Netty consolidates flushes (design.md D70).
 * Written one by one, each reply woke its client (or the proxy in front of this node) separately, and the
 * wake-ups cost more kernel time than the write itself. A reply waits at most for the rest of its turn's
 * batch; when one request arrives alone, the check phase follows its poll phase at once.
 *
 * Added after `app.init()`, so it follows the onSend hooks of every module (the routing gateway's clears its
 * deadline and sets the served-by header when the reply is sent). Plugins loaded at boot add theirs after it:
 * the tracing plugin's ends the request's span when the reply is written. An error after it reaches
 * Fastify's error handling as it would from any asynchronous onSend hook.
 */
export function batchRepliesPerTurn(fastify: FastifyInstance, barrier = new TurnBarrier(setImmediate)): void {
  // Resolves with no value: Fastify keeps the payload as it was.
  fastify.addHook('onSend', () => barrier.next());
}
