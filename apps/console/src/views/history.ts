import { h, when } from '../dom';
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
  try {
    entries = await context.api.audit();
  } catch (error) {
    return failureBlock(error);
  }
  if (entries.length === 0) return h('p', { class: 'message' }, 'No routing change has been recorded yet.');
  return h(
    'table',
    { id: 'audit' },
    h('caption', {}, 'Routing changes, kill switches and automatic rollbacks, newest first'),
    h('thead', {}, h('tr', {}, ...['When', 'Who', 'What', 'Why', 'Difference'].map((label) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, ...entries.map(row)),
  );
}

function row(entry: AuditEntry): HTMLElement {
  const automatic = entry.actor === 'rollback-monitor';
  const what = [
    automatic ? 'Automatic rollback' : (ACTIONS[entry.action] ?? entry.action),
    entry.feature,
    entry.scope ? `for ${entry.scope}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return h(
    'tr',
    { 'data-action': entry.action, class: automatic ? 'rollback' : '' },
    h('td', {}, when(entry.at)),
    h('td', {}, entry.actor),
    h('th', { scope: 'row' }, what),
    h('td', {}, reasonOf(entry)),
    h('td', {}, difference(entry)),
  );
}

function reasonOf(entry: AuditEntry): string {
  const details = entry.details ?? {};
  if (typeof details.reason === 'string') return details.reason;
  if (entry.actor === 'rollback-monitor') return `new side ${String(details.reason ?? 'error rate')} above legacy's`;
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
