import type {
  AuditEntry,
  PlanSummary,
  RoutingDocument,
  RoutingOverview,
  RoutingPreview,
  RoutingView,
  ShadowReport,
  TenantSpacesOverview,
} from './types';

/** An API answer other than 2xx, with a sentence an operator can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get isConflict(): boolean {
    return this.status === 409;
  }
}

interface ErrorBody {
  error?: string;
  message?: string;
  details?: unknown;
}

/** Why a request failed, in words: the server's own message first, then what the status means. */
export function describeFailure(status: number, body: ErrorBody | undefined): string {
  const fields = Array.isArray(body?.details)
    ? (body.details as Array<{ field?: string; reason?: string } | string>)
        .map((detail) => (typeof detail === 'string' ? detail : [detail.field, detail.reason].filter(Boolean).join(': ')))
        .filter(Boolean)
    : [];
  const base = body?.message ?? STATUS_WORDS[status] ?? `The server answered ${status}.`;
  const prefix = status === 409 ? 'Conflict: someone else changed the rules first. ' : '';
  return `${prefix}${base}${fields.length > 0 ? ` (${fields.join('; ')})` : ''}`;
}

const STATUS_WORDS: Record<number, string> = {
  400: 'The request was refused as invalid.',
  401: 'Your session has ended; log in again.',
  403: 'Only owners and admins of the platform tenant may use the console.',
  404: 'Not found.',
  409: 'The rules changed since you loaded them.',
  429: 'Too many attempts; wait a moment and try again.',
  500: 'The server failed; the request id is in its log.',
  502: 'A backend did not answer.',
  503: 'The service is not ready.',
};

/**
 * The authenticated admin API. The access token lives in this object only (never localStorage or a
 * cookie): a reload logs the operator out, and a script on another page cannot read it.
 */
export class ApiClient {
  private token?: string;
  onUnauthorized: () => void = () => undefined;

  get accessToken(): string | undefined {
    return this.token;
  }

  get loggedIn(): boolean {
    return this.token !== undefined;
  }

  async login(tenant: string, username: string, password: string): Promise<void> {
    const tokens = await this.request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      body: { tenant, username, password },
      anonymous: true,
    });
    this.token = tokens.accessToken;
  }

  async logout(): Promise<void> {
    const token = this.token;
    this.token = undefined;
    if (token) await fetch('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  }

  routing(): Promise<RoutingView> {
    return this.request('GET', '/api/v1/admin/routing');
  }

  overview(): Promise<RoutingOverview> {
    return this.request('GET', '/api/v1/admin/routing/overview');
  }

  tenantSpaces(tenantId: string, cursor?: string | null): Promise<TenantSpacesOverview> {
    const query = new URLSearchParams({ limit: '50', ...(cursor ? { cursor } : {}) });
    return this.request('GET', `/api/v1/admin/routing/overview/tenants/${encodeURIComponent(tenantId)}/spaces?${query}`);
  }

  preview(document: RoutingDocument): Promise<RoutingPreview> {
    return this.request('POST', '/api/v1/admin/routing/preview', { body: document });
  }

  replaceRules(document: RoutingDocument, version: number, reason: string): Promise<RoutingView> {
    return this.request('PUT', '/api/v1/admin/routing', {
      body: document,
      headers: { 'if-match': `"${version}"`, 'x-change-reason': reason },
    });
  }

  switchOff(feature: string, scope: string, reason: string): Promise<RoutingView> {
    return this.request('POST', '/api/v1/admin/routing/kill-switches', { body: { feature, scope, reason } });
  }

  switchOn(feature: string, scope: string): Promise<RoutingView> {
    const query = new URLSearchParams({ feature, scope });
    return this.request('DELETE', `/api/v1/admin/routing/kill-switches?${query}`);
  }

  shadowReport(): Promise<ShadowReport> {
    return this.request('GET', '/api/v1/admin/routing/shadow-report');
  }

  audit(): Promise<AuditEntry[]> {
    return this.request('GET', '/api/v1/admin/routing/audit');
  }

  plan(): Promise<PlanSummary> {
    return this.request('GET', '/api/v1/admin/plan');
  }

  private async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; anonymous?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (!options.anonymous && this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    } catch {
      throw new ApiError(0, 'NETWORK', 'Switchyard could not be reached; check the connection and try again.');
    }
    const text = await response.text();
    const body = text ? (safeJson(text) as unknown) : undefined;
    if (response.ok) return body as T;
    const error = body as ErrorBody | undefined;
    if (response.status === 401 && !options.anonymous) {
      this.token = undefined;
      this.onUnauthorized();
    }
    throw new ApiError(response.status, error?.error ?? `HTTP_${response.status}`, describeFailure(response.status, error), error?.details);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}
