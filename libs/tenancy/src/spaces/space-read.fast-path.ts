import { Injectable } from '@nestjs/common';
import { JwtAuthGuard } from '@switchyard/auth';
import { FastPath } from '@switchyard/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { SpaceAccessService } from './space-access.service';

// What ParseUUIDPipe({ version: '4' }) accepts on the route.
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * `GET /spaces/:id` answered from this process's cache tier when the caller's token and session need no
 * I/O and the caller may read the space without a membership lookup: the hottest read skips Nest's
 * pipeline. Everything else (misses, members and viewers, bad ids, refused tokens) takes the route.
 */
@Injectable()
export class SpaceReadFastPath implements FastPath {
  constructor(
    private readonly auth: JwtAuthGuard,
    private readonly access: SpaceAccessService,
  ) {}

  serve(request: FastifyRequest, reply: FastifyReply): boolean {
    const id = (request.params as { id?: string }).id;
    if (id === undefined || !UUID_V4.test(id)) return false;
    const user = this.auth.admitWithoutIo(request);
    const read = user && this.access.peek(user, id);
    if (!read) return false;
    // As the controller answers it.
    void reply.header('X-Cache', read.status).type('application/json; charset=utf-8').send(read.json);
    return true;
  }
}
