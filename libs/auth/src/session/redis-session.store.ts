import { Injectable } from '@nestjs/common';
import { TenantRole } from '@switchyard/database';
import { RedisConnection } from '@switchyard/redis';
import { Session } from './session';
import { SessionStore } from './session.store';

// Compare-and-advance in one step, so two concurrent refreshes cannot both rotate.
const ADVANCE = `
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'generation', tonumber(ARGV[1]) + 1, 'rotatedAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

// Only an existing session gets a role: a deleted one must not come back as a hash with one field.
const SET_ROLE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'role', ARGV[1])
return 1`;

const NUMBER_FIELDS = ['generation', 'rotatedAt', 'createdAt', 'absoluteExpiresAt'] as const;

/**
 * Sessions as Redis hashes at `<prefix>:session:<id>`, expiring with the idle TTL, and each user's
 * session ids in a set at `<prefix>:user-sessions:<userId>` (kept until its newest session's absolute
 * lifetime; ids of sessions that expired on their own are pruned when the set is read).
 */
@Injectable()
export class RedisSessionStore extends SessionStore {
  constructor(private readonly redis: RedisConnection) {
    super();
  }

  async create(session: Session, ttlMs: number): Promise<void> {
    const key = this.key(session.id);
    const index = this.userKey(session.userId);
    await this.redis.run((client) =>
      client
        .multi()
        .hset(key, { ...session })
        .pexpire(key, ttlMs)
        .sadd(index, session.id)
        .pexpireat(index, session.absoluteExpiresAt, 'GT')
        .pexpireat(index, session.absoluteExpiresAt, 'NX')
        .exec(),
    );
  }

  async get(sessionId: string): Promise<Session | null> {
    const fields = await this.redis.run((client) => client.hgetall(this.key(sessionId)));
    if (!fields.id) return null;
    const session = { ...fields } as unknown as Session;
    for (const field of NUMBER_FIELDS) (session as unknown as Record<string, number>)[field] = Number(fields[field]);
    return session;
  }

  async advance(sessionId: string, expectedGeneration: number, rotatedAt: number, ttlMs: number): Promise<boolean> {
    const advanced = await this.redis.run((client) =>
      client.eval(ADVANCE, 1, this.key(sessionId), String(expectedGeneration), String(rotatedAt), String(ttlMs)),
    );
    return advanced === 1;
  }

  async setRole(sessionId: string, role: TenantRole): Promise<boolean> {
    return (await this.redis.run((client) => client.eval(SET_ROLE, 1, this.key(sessionId), role))) === 1;
  }

  async delete(sessionId: string): Promise<void> {
    const userId = await this.redis.run((client) => client.hget(this.key(sessionId), 'userId'));
    await this.redis.run((client) => {
      const batch = client.multi().del(this.key(sessionId));
      if (userId) batch.srem(this.userKey(userId), sessionId);
      return batch.exec();
    });
  }

  async listForUser(userId: string): Promise<string[]> {
    const ids = await this.redis.run((client) => client.smembers(this.userKey(userId)));
    if (ids.length === 0) return [];
    const exists = await this.redis.run((client) => {
      const batch = client.multi();
      for (const id of ids) batch.exists(this.key(id));
      return batch.exec();
    });
    const live = ids.filter((_, index) => exists?.[index]?.[1] === 1);
    const gone = ids.filter((_, index) => exists?.[index]?.[1] !== 1);
    if (gone.length > 0) await this.redis.run((client) => client.srem(this.userKey(userId), ...gone));
    return live;
  }

  private key(sessionId: string): string {
    return this.redis.key('session', sessionId);
  }

  private userKey(userId: string): string {
    return this.redis.key('user-sessions', userId);
  }
}
