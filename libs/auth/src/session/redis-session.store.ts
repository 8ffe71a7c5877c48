import { Injectable } from '@nestjs/common';
import { RedisConnection } from '@switchyard/redis';
import { Session } from './session';
import { SessionStore } from './session.store';

// Compare-and-advance in one step, so two concurrent refreshes cannot both rotate.
const ADVANCE = `
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'generation', tonumber(ARGV[1]) + 1, 'rotatedAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const NUMBER_FIELDS = ['generation', 'rotatedAt', 'createdAt', 'absoluteExpiresAt'] as const;

/** Sessions as Redis hashes at `<prefix>:session:<id>`, expiring with the idle TTL. */
@Injectable()
export class RedisSessionStore extends SessionStore {
  constructor(private readonly redis: RedisConnection) {
    super();
  }

  async create(session: Session, ttlMs: number): Promise<void> {
    const key = this.key(session.id);
    await this.redis.run((client) =>
      client
        .multi()
        .hset(key, { ...session })
        .pexpire(key, ttlMs)
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

  async delete(sessionId: string): Promise<void> {
    await this.redis.run((client) => client.del(this.key(sessionId)));
  }

  private key(sessionId: string): string {
    return this.redis.key('session', sessionId);
  }
}
