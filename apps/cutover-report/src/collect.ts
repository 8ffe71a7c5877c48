import { AuditEntry, FeatureScope } from './exit-report';
import { Sample, parsePrometheusText } from './prometheus.text';

const TIMEOUT_MS = 10_000;
const LIMIT_BYTES = 16 * 1024 * 1024;

/** A GET with a deadline and a bound on what it reads; a non-200 answer is an error naming the URL and status. */
async function get(url: string, token: string | undefined): Promise<string> {
  const response = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
    size += chunk.value.byteLength;
    if (size > LIMIT_BYTES) {
      await reader!.cancel();
      throw new Error(`${url} answered more than ${LIMIT_BYTES} bytes`);
    }
    chunks.push(chunk.value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

/** Every node's /metrics, one after the other, as one list of samples (the report sums them). */
export async function scrape(nodes: string[], metricsToken: string | undefined): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const node of nodes) samples.push(...parsePrometheusText(await get(`${node}/metrics`, metricsToken)));
  return samples;
}

interface RoutingView {
  version: number;
  document: {
    rules: Array<{ feature?: string; match: { pathPrefix?: string; pathPattern?: string } }>;
    rollback?: { errorRateFactor?: number; p95Factor?: number; errorRateFloor?: number; p95FloorMs?: number };
  };
}

/** The feature's routes and thresholds as the nodes run them; every node must run the same rules version. */
export async function featureScope(nodes: string[], adminToken: string, feature: string): Promise<FeatureScope> {
  const views = [];
  for (const node of nodes) views.push(JSON.parse(await get(`${node}/api/v1/admin/routing`, adminToken)) as RoutingView);
  const versions = new Set(views.map((view) => view.version));
  if (versions.size > 1) throw new Error(`the nodes run different rules versions (${[...versions].join(', ')}): wait until they agree`);
  const { document } = views[0];
  const routes = document.rules.filter((rule) => rule.feature === feature).map((rule) => rule.match);
  if (routes.length === 0) throw new Error(`no rule routes feature ${feature}`);
  return {
    feature,
    routes,
    errorRateFactor: document.rollback?.errorRateFactor ?? 2,
    p95Factor: document.rollback?.p95Factor ?? 1.2,
    errorRateFloor: document.rollback?.errorRateFloor ?? 0.01,
    p95FloorMs: document.rollback?.p95FloorMs ?? 10,
  };
}

/** The routing audit trail (shared by every node: it lives in MySQL). */
export async function auditTrail(node: string, adminToken: string, feature: string): Promise<AuditEntry[]> {
  const entries = JSON.parse(await get(`${node}/api/v1/admin/routing/audit`, adminToken)) as AuditEntry[];
  // Rule changes touch every feature; switches name theirs ('*' is every feature).
  return entries.filter((entry) => entry.feature === undefined || entry.feature === feature || entry.feature === '*');
}
