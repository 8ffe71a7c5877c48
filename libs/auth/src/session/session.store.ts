import { Session } from './session';

/** Where sessions live: Redis in production, process memory in the embedded profile. */
export abstract class SessionStore {
  abstract create(session: Session, ttlMs: number): Promise<void>;
  abstract get(sessionId: string): Promise<Session | null>;
  /** Atomically moves the session from `expectedGeneration` to the next one; false when another refresh won. */
  abstract advance(sessionId: string, expectedGeneration: number, rotatedAt: number, ttlMs: number): Promise<boolean>;
  abstract delete(sessionId: string): Promise<void>;
}
