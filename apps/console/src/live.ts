import type { RoutingFigures, RoutingFiguresMessage, SideFigures } from './types';

export type LiveState = 'connecting' | 'live' | 'closed';

/** How long figures from a node that stopped reporting stay on screen. */
const STALE_AFTER_MS = 10_000;

/**
 * The `admin:routing` topic of the /ws hub: each node pushes its rollback-monitor windows about once a
 * second. The browser cannot set headers on a WebSocket, so the token goes in `?token=` as the hub expects.
 */
export class LiveFigures {
  private socket?: WebSocket;
  private readonly byNode = new Map<string, { at: number; figures: RoutingFigures[] }>();
  private stopped = false;
  onChange: (figures: RoutingFigures[]) => void = () => undefined;
  onState: (state: LiveState, detail?: string) => void = () => undefined;

  constructor(private readonly token: () => string | undefined) {}

  start(): void {
    this.stopped = false;
    const token = this.token();
    if (!token || this.socket) return;
    const url = new URL('/ws', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const socket = new WebSocket(url);
    this.socket = socket;
    this.onState('connecting');
    socket.addEventListener('open', () => socket.send(JSON.stringify({ event: 'subscribe', data: { topic: 'admin:routing' } })));
    socket.addEventListener('message', (message) => this.receive(String(message.data)));
    socket.addEventListener('close', (event) => {
      this.socket = undefined;
      this.onState('closed', event.reason || `connection closed (${event.code})`);
      // The hub closes for an ended session (4401); any other close is retried while the operator is logged in.
      if (!this.stopped && event.code !== 4401) window.setTimeout(() => this.start(), 2_000);
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close(1000, 'logged out');
    this.socket = undefined;
    this.byNode.clear();
  }

  /** The nodes added up: requests summed, error rate weighted by requests, p95 the worst node's. */
  current(): RoutingFigures[] {
    const now = Date.now();
    const merged = new Map<string, RoutingFigures>();
    for (const [node, entry] of this.byNode) {
      if (now - entry.at > STALE_AFTER_MS) {
        this.byNode.delete(node);
        continue;
      }
      for (const figures of entry.figures) {
        const key = `${figures.feature} ${figures.scope}`;
        const previous = merged.get(key);
        merged.set(
          key,
          previous ? { ...figures, new: add(previous.new, figures.new), legacy: add(previous.legacy, figures.legacy) } : figures,
        );
      }
    }
    return [...merged.values()];
  }

  private receive(text: string): void {
    let message: { event?: string; data?: unknown };
    try {
      message = JSON.parse(text) as { event?: string; data?: unknown };
    } catch {
      return;
    }
    if (message.event === 'subscribed') this.onState('live');
    else if (message.event === 'error') this.onState('closed', (message.data as { message?: string })?.message ?? 'subscription refused');
    else if (message.event === 'routing.figures') {
      const data = message.data as RoutingFiguresMessage;
      this.byNode.set(data.node, { at: Date.now(), figures: data.figures });
      this.onChange(this.current());
    }
  }
}

function add(left: SideFigures, right: SideFigures): SideFigures {
  const requests = left.requests + right.requests;
  const errors = left.errorRate * left.requests + right.errorRate * right.requests;
  return { requests, errorRate: requests === 0 ? 0 : errors / requests, p95Ms: Math.max(left.p95Ms, right.p95Ms) };
}
