/** Cross-node notifications (rule changes, kill switches): Redis pub/sub, or in-process when single-node. */
export abstract class EventBus {
  abstract publish(channel: string, message: unknown): Promise<void>;
  /** Also delivers this node's own messages, so every node, the sender included, applies a change one way. */
  abstract subscribe(channel: string, handler: (message: unknown) => void): Promise<void>;
}
