import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { datasourceConfig } from '../config/datasource.config';

export type HostLookup = { kind: 'resolved'; addresses: string[] } | { kind: 'not-found' } | { kind: 'unavailable'; reason: string };

// getaddrinfo's answers for a name that has no address; anything else (EAI_AGAIN, a timeout) says nothing about the name.
const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA']);

/** The adapter to the system resolver (getaddrinfo, as the JVM uses): every address a name has, within a deadline. */
@Injectable()
export class HostResolver {
  private readonly timeoutMs: number;

  constructor(@Inject(datasourceConfig.factory.KEY) config: Pick<ConfigType<typeof datasourceConfig.factory>, 'egress'>) {
    this.timeoutMs = config.egress.lookupTimeoutMs;
  }

  async addressesOf(host: string): Promise<HostLookup> {
    let timer: NodeJS.Timeout | undefined;
    // getaddrinfo cannot be cancelled; the lookup finishes in the background and its answer is dropped.
    const deadline = new Promise<HostLookup>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'unavailable', reason: `no answer within ${this.timeoutMs} ms` }), this.timeoutMs);
      timer.unref();
    });
    const answer = this.lookupAll(host).then(
      (addresses): HostLookup =>
        addresses.length > 0 ? { kind: 'resolved', addresses: addresses.map((entry) => entry.address) } : { kind: 'not-found' },
      (error: NodeJS.ErrnoException): HostLookup =>
        NOT_FOUND_CODES.has(error.code ?? '') ? { kind: 'not-found' } : { kind: 'unavailable', reason: error.code ?? error.message },
    );
    try {
      return await Promise.race([answer, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  protected lookupAll(host: string): Promise<LookupAddress[]> {
    return lookup(host, { all: true });
  }
}
