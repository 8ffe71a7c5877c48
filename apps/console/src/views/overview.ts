import { h, percent, replaceChildren, when } from '../dom';
import type { FeatureAssignments, KillSwitch, RoutingFigures, RoutingOverview, Target } from '../types';
import { failureBlock, failureText } from './failure';
import { field } from './login';
import type { ConsoleContext } from './screen';
import { spacesSection } from './spaces';

export const REASONS: Record<string, string> = {
  'feature-unknown': 'no such feature',
  'feature-disabled': 'feature disabled',
  'kill-switch': 'kill switch off',
  'tenant-denied': 'tenant on the deny list',
  'space-denied': 'space on the deny list',
  'tenant-allowed': 'tenant on the allow list',
  'space-allowed': 'space on the allow list',
  'percentage-in': 'inside the percentage',
  'percentage-out': 'outside the percentage',
  'no-identity': 'no tenant or space to stick to',
};

export async function renderOverview(context: ConsoleContext): Promise<HTMLElement> {
  let overview: RoutingOverview;
  try {
    overview = await context.api.overview();
  } catch (error) {
    return failureBlock(error);
  }
  const slugs = new Map(overview.features.flatMap((feature) => feature.tenants.map((tenant) => [tenant.id, tenant.slug] as const)));
  const scopeName = (scope: string) =>
    scope.startsWith('tenant:')
      ? `tenant ${slugs.get(scope.slice(7)) ?? scope.slice(7)}`
      : scope === '*'
        ? 'everyone'
        : scope.replace(':', ' ');

  const figures = h('div', { class: 'figures' });
  const drawFigures = (current: RoutingFigures[]) => replaceChildren(figures, figuresTable(current, scopeName));
  drawFigures(overview.figures);
  context.live.onChange = (current) => {
    if (figures.isConnected) drawFigures(current);
  };

  return h(
    'div',
    { class: 'overview' },
    h('p', {}, `Routing rules version ${overview.version}. Each tenant's side per feature below; figures update live over /ws.`),
    h('section', { 'aria-labelledby': 'figures-title' }, h('h2', { id: 'figures-title' }, 'Live figures per side'), figures),
    killSwitchSection(context, overview, scopeName),
    ...overview.features.map((feature) => featureSection(feature)),
    overview.features.length === 0
      ? h('p', { class: 'message' }, 'No features are configured: every request follows the default target.')
      : spacesSection(context, overview.features[0]?.tenants ?? [], REASONS),
  );
}

function featureSection(feature: FeatureAssignments): HTMLElement {
  const titleId = `feature-${feature.feature}`;
  const summary = `${feature.enabled ? 'Enabled' : 'Disabled'}; ${feature.percentage} % of ${feature.stickBy === 'tenant' ? 'tenants' : 'spaces'} by percentage; rules send it to ${feature.ruleTargets.join(' and ') || 'nothing (no rule names it)'}.`;
  return h(
    'section',
    { class: 'feature', 'aria-labelledby': titleId, 'data-feature': feature.feature },
    h('h2', { id: titleId }, `Feature ${feature.feature}`),
    h('p', {}, summary),
    feature.spaces.allow.length + feature.spaces.deny.length === 0
      ? null
      : h(
          'p',
          { class: 'spaces' },
          `Spaces always on: ${feature.spaces.allow.join(', ') || 'none'}. Spaces never on: ${feature.spaces.deny.join(', ') || 'none'}.`,
        ),
    h(
      'p',
      { class: 'counts' },
      ...(['new', 'shadow', 'legacy'] as Target[]).map((target) =>
        h('span', { class: `badge ${target}` }, `${feature.counts[target]} on ${target}`),
      ),
    ),
    h(
      'table',
      {},
      h('caption', {}, `Where each tenant's ${feature.feature} requests go`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Tenant'), h('th', { scope: 'col' }, 'Side'), h('th', { scope: 'col' }, 'Why'))),
      h(
        'tbody',
        {},
        ...feature.tenants.map((tenant) =>
          h(
            'tr',
            { 'data-tenant': tenant.slug },
            h('th', { scope: 'row' }, tenant.slug),
            h('td', {}, h('span', { class: `badge ${tenant.target}`, 'data-side': tenant.target }, tenant.target)),
            h('td', {}, REASONS[tenant.reason] ?? tenant.reason),
          ),
        ),
      ),
    ),
  );
}

function figuresTable(figures: RoutingFigures[], scopeName: (scope: string) => string): HTMLElement {
  if (figures.length === 0)
    return h('p', { class: 'message' }, 'No traffic in the rollback window yet (figures need rollback monitoring enabled).');
  const sorted = [...figures].sort((left, right) => `${left.feature}${left.scope}`.localeCompare(`${right.feature}${right.scope}`));
  const cells = (side: RoutingFigures['new']) => [
    h('td', {}, side.requests),
    h('td', {}, percent(side.errorRate)),
    h('td', {}, `${Math.round(side.p95Ms)} ms`),
  ];
  return h(
    'table',
    { id: 'live-figures' },
    h('caption', {}, 'Requests, error rate and p95 in the rollback window, per feature and scope'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('td', { colspan: 2 }),
        h('th', { scope: 'colgroup', colspan: 3 }, 'New'),
        h('th', { scope: 'colgroup', colspan: 3 }, 'Legacy'),
      ),
      h(
        'tr',
        {},
        ...['Feature', 'Scope', 'Requests', 'Error rate', 'p95', 'Requests', 'Error rate', 'p95'].map((label) =>
          h('th', { scope: 'col' }, label),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...sorted.map((row) =>
        h(
          'tr',
          { 'data-feature': row.feature, 'data-scope': row.scope },
          h('th', { scope: 'row' }, row.feature),
          h('td', {}, scopeName(row.scope)),
          ...cells(row.new),
          ...cells(row.legacy),
        ),
      ),
    ),
  );
}

function killSwitchSection(context: ConsoleContext, overview: RoutingOverview, scopeName: (scope: string) => string): HTMLElement {
  const message = h('p', { role: 'status', class: 'message', 'aria-live': 'polite' });
  const rows = overview.killSwitches.map((entry) => killSwitchRow(context, entry, scopeName, message));
  const tenants = overview.features[0]?.tenants ?? [];
  const feature = h(
    'select',
    { id: 'kill-feature', required: true },
    h('option', { value: '*' }, '* (every feature)'),
    ...overview.features.map((entry) => h('option', { value: entry.feature }, entry.feature)),
  );
  const scope = h(
    'select',
    { id: 'kill-scope', required: true },
    h('option', { value: '*' }, 'everyone'),
    ...tenants.map((tenant) => h('option', { value: `tenant:${tenant.id}` }, `tenant ${tenant.slug}`)),
  );
  const space = h('input', { id: 'kill-space', maxlength: 100, pattern: '\\S+' });
  const reason = h('input', { id: 'kill-reason', required: true, maxlength: 500 });
  const submit = h('button', { type: 'submit', class: 'danger' }, 'Switch off');
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': 'Trip a kill switch' },
    field('Feature', feature),
    field('Scope', scope),
    field('or one space (id)', space, 'A space id here switches off that space only.'),
    field('Reason (required, kept in the audit trail)', reason),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!reason.value.trim()) {
      message.textContent = 'Give a reason: it is kept in the audit trail.';
      return;
    }
    submit.disabled = true;
    const target = space.value.trim() ? `space:${space.value.trim()}` : scope.value;
    context.api
      .switchOff(feature.value, target, reason.value.trim())
      .then(() => context.refresh(`Kill switch on: ${feature.value} goes to legacy for ${scopeName(target)}.`))
      .catch((error: unknown) => {
        message.setAttribute('role', 'alert');
        message.textContent = failureText(error);
      })
      .finally(() => (submit.disabled = false));
  });
  return h(
    'section',
    { 'aria-labelledby': 'kill-title' },
    h('h2', { id: 'kill-title' }, 'Kill switches'),
    rows.length === 0
      ? h('p', { id: 'no-kill-switches' }, 'No kill switch is on.')
      : h(
          'table',
          { id: 'kill-switches' },
          h('caption', {}, 'Features sent to legacy whatever their rules say'),
          h(
            'thead',
            {},
            h('tr', {}, ...['Feature', 'Scope', 'Reason', 'Since', 'Action'].map((label) => h('th', { scope: 'col' }, label))),
          ),
          h('tbody', {}, ...rows),
        ),
    form,
    message,
  );
}

function killSwitchRow(
  context: ConsoleContext,
  entry: KillSwitch,
  scopeName: (scope: string) => string,
  message: HTMLElement,
): HTMLElement {
  const release = h('button', { type: 'button', class: 'secondary' }, `Release ${entry.feature} for ${scopeName(entry.scope)}`);
  release.addEventListener('click', () => {
    release.disabled = true;
    context.api
      .switchOn(entry.feature, entry.scope)
      .then(() => context.refresh(`Kill switch released: ${entry.feature} follows its rules again for ${scopeName(entry.scope)}.`))
      .catch((error: unknown) => {
        message.setAttribute('role', 'alert');
        message.textContent = failureText(error);
        release.disabled = false;
      });
  });
  return h(
    'tr',
    { 'data-feature': entry.feature, 'data-scope': entry.scope },
    h('th', { scope: 'row' }, entry.feature),
    h('td', {}, scopeName(entry.scope)),
    h('td', {}, entry.reason),
    h('td', {}, when(new Date(entry.at).toISOString())),
    h('td', {}, release),
  );
}
