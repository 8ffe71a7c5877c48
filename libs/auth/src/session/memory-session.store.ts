import { Injectable } from '@nestjs/common';
import { Clock } from '@switchyard/common';
import { TenantRole } from '@switchyard/database';
import { Session } from './session';
import { SessionStore } from './session.store';

/** Single-node sessions for the embedded profile; expired entries are dropped when read. */
@Injectable()
export class MemorySessionStore extends SessionStore {
  private readonly sessions = new Map<string, { session: Session; expiresAt: number }>();
  private readonly byUser = new Map<string, Set<string>>();

  constructor(private readonly clock: Clock) {
    super();
  }

  async create(session: Session, ttlMs: number): Promise<void> {
    this.sessions.set(session.id, { session: { ...session }, expiresAt: this.clock.now() + ttlMs });
    const ids = this.byUser.get(session.userId) ?? new Set<string>();
    ids.add(session.id);
    this.byUser.set(session.userId, ids);
  }

  async get(sessionId: string): Promise<Session | null> {
    const live = this.live(sessionId);
    return live ? { ...live } : null;
  }

  // Check and write with no await in between: that is what makes the compare-and-advance atomic here.
  async advance(sessionId: string, expectedGeneration: number, rotatedAt: number, ttlMs: number): Promise<boolean> {
    const current = this.live(sessionId);
    if (!current || current.generation !== expectedGeneration) return false;
    this.sessions.set(sessionId, {
      session: { ...current, generation: expectedGeneration + 1, rotatedAt },
      expiresAt: this.clock.now() + ttlMs,
    });
    return true;
  }

  async setRole(sessionId: string, role: TenantRole): Promise<boolean> {
    const entry = this.sessions.get(sessionId);
    if (!entry || !this.live(sessionId)) return false;
    entry.session = { ...entry.session, role };
    return true;
  }

  async delete(sessionId: string): Promise<void> {
    const entry = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    if (entry) this.byUser.get(entry.session.userId)?.delete(sessionId);
  }

  async listForUser(userId: string): Promise<string[]> {
    return [...(this.byUser.get(userId) ?? [])].filter((sessionId) => this.live(sessionId) !== null);
  }

  private live(sessionId: string): Session | null {
    const entry = this.sessions.get(sessionId);
    if (!entry) return null;
    if (entry.expiresAt > this.clock.now()) return entry.session;
    this.sessions.delete(sessionId);
    this.byUser.get(entry.session.userId)?.delete(sessionId);
    return null;
  }
}
