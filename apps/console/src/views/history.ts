import { h, percent, when } from '../dom';
import type { AuditEntry, JsonDifference } from '../types';
import { failureBlock } from './failure';
import type { ConsoleContext } from './screen';

const ACTIONS: Record<AuditEntry['action'], string> = {
  'rules-updated': 'Rules changed',
  'kill-switch': 'Kill switch on',
  'kill-switch-released': 'Kill switch released',
  'file-reload-rejected': 'Rules file rejected',
};

export async function renderHistory(context: ConsoleContext): Promise<HTMLElement> {
  let entries: AuditEntry[];
  let slugs: Map<string, string>;
  try {
    const [audit, overview] = await Promise.all([context.api.audit(), context.api.overview()]);
    entries = audit;
    slugs = new Map(overview.features.flatMap((feature) => feature.tenants.map((tenant) => [tenant.id, tenant.slug] as const)));
  } catch (error) {
    return failureBlock(error);
  }
  if (entries.length === 0) return h('p', { class: 'message' }, 'No routing change has been recorded yet.');
  const names = (text: string) =>
    text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => slugs.get(id) ?? id);
  const row = (entry: AuditEntry) => auditRow(entry, names);
  return h(
    'table',
    { id: 'audit' },
    h('caption', {}, 'Routing changes, kill switches and automatic rollbacks, newest first'),
    h('thead', {}, h('tr', {}, ...['When', 'Who', 'What', 'Why', 'Difference'].map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, ...entries.map(row)),
  );
}

/** Tenant ids in actors and scopes are shown as slugs (`user:owner@acme`, `tenant:globex`). */
function auditRow(entry: AuditEntry, names: (text: string) => string): HTMLElement {
  const automatic = entry.actor === 'rollback-monitor';
  const scope = entry.scope === '*' ? 'for everyone' : entry.scope ? `for ${names(entry.scope)}` : '';
  const what = [automatic ? 'Automatic rollback:' : (ACTIONS[entry.action] ?? entry.action), entry.feature, scope]
    .filter(Boolean)
    .join(' ');
  return h(
    'tr',
    { 'data-action': entry.action, class: automatic ? 'rollback' : '' },
    h('td', {}, when(entry.at)),
    h('td', {}, names(entry.actor)),
    h('th', { scope: 'row' }, what),
    h('td', {}, reasonOf(entry)),
    h('td', {}, difference(entry)),
  );
}

function reasonOf(entry: AuditEntry): string {
  const details = entry.details ?? {};
  if (entry.actor === 'rollback-monitor') return rollbackReason(details);
  if (typeof details.reason === 'string') return details.reason;
  if (Array.isArray(details.problems)) return (details.problems as string[]).join('; ');
  return '';
}

function difference(entry: AuditEntry): HTMLElement | string {
  const diff = entry.details?.diff as JsonDifference[] | undefined;
  if (!Array.isArray(diff)) return entry.action === 'rules-updated' ? '' : '—';
  const version = `v${String(entry.details.previousVersion)} → v${String(entry.details.version)}`;
  return h(
    'details',
    {},
    h('summary', {}, `${version}: ${diff.length} change${diff.length === 1 ? '' : 's'}`),
    h('ul', {}, ...diff.map((item) => h('li', {}, h('code', {}, item.path), `: ${short(item.legacy)} → ${short(item.new)}`))),
  );
}

function short(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** The rollback monitor records its whole evaluation; this says which rule tripped, with the figures. */
function rollbackReason(details: Record<string, unknown>): string {
  const figure = (name: string) => Number(details[name] ?? 0);
  if (details.reason === 'latency')
    return `the new side's p95 of ${Math.round(figure('newP95'))} ms passed ${Math.round(figure('p95ThresholdMs'))} ms (legacy ${Math.round(figure('legacyP95'))} ms)`;
  return `the new side's error rate of ${percent(figure('newErrorRate'))} passed ${percent(figure('errorRateThreshold'))} (legacy ${percent(figure('legacyErrorRate'))})`;
}
