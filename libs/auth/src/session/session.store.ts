import { TenantRole } from '@switchyard/database';
import { Session } from './session';

/** Where sessions live: Redis in production, process memory in the embedded profile. */
export abstract class SessionStore {
  /** Stores the session and lists it among its user's sessions. */
  abstract create(session: Session, ttlMs: number): Promise<void>;
  abstract get(sessionId: string): Promise<Session | null>;
  /** Atomically moves the session from `expectedGeneration` to the next one; false when another refresh won. */
  abstract advance(sessionId: string, expectedGeneration: number, rotatedAt: number, ttlMs: number): Promise<boolean>;
  /** The session's role from now on; false when the session no longer exists. */
  abstract setRole(sessionId: string, role: TenantRole): Promise<boolean>;
  abstract delete(sessionId: string): Promise<void>;
  /** Ids of the user's sessions that may still be live (an expired one may be listed until the index is pruned). */
  abstract listForUser(userId: string): Promise<string[]>;
}
