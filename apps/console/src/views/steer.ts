import { ApiError } from '../api';
import { h, replaceChildren } from '../dom';
import type { FeatureToggle, RoutingDocument, RoutingPreview, RoutingView } from '../types';
import { failureBlock, failureText } from './failure';
import { field } from './login';
import type { ConsoleContext } from './screen';

export async function renderSteer(context: ConsoleContext): Promise<HTMLElement> {
  let view: RoutingView;
  try {
    view = await context.api.routing();
  } catch (error) {
    return failureBlock(error);
  }
  if (view.document.features.length === 0)
    return h('p', { class: 'message' }, 'No features are configured, so there is nothing to steer yet.');
  return steerForm(context, view);
}

function steerForm(context: ConsoleContext, view: RoutingView): HTMLElement {
  const feature = h(
    'select',
    { id: 'steer-feature' },
    ...view.document.features.map((entry) => h('option', { value: entry.key }, entry.key)),
  );
  const enabled = h('input', { id: 'steer-enabled', type: 'checkbox' });
  const percentage = h('input', { id: 'steer-percentage', type: 'number', min: 0, max: 100, step: 1, required: true });
  const tenantsAllow = h('textarea', { id: 'steer-tenants-allow', rows: 2 });
  const tenantsDeny = h('textarea', { id: 'steer-tenants-deny', rows: 2 });
  const spacesAllow = h('textarea', { id: 'steer-spaces-allow', rows: 2 });
  const spacesDeny = h('textarea', { id: 'steer-spaces-deny', rows: 2 });
  const reason = h('input', { id: 'steer-reason', required: true, maxlength: 500 });
  const previewButton = h('button', { type: 'button', class: 'secondary' }, 'Preview the change');
  const applyButton = h('button', { type: 'submit' }, 'Apply');
  const previewRegion = h('div', { id: 'steer-preview', role: 'status', 'aria-live': 'polite' });
  const error = h('div', { id: 'steer-error', role: 'alert' });

  const load = () => {
    const toggle = view.document.features.find((entry) => entry.key === feature.value) as FeatureToggle;
    enabled.checked = toggle.enabled;
    percentage.value = String(toggle.percentage);
    tenantsAllow.value = toggle.tenants.allow.join(', ');
    tenantsDeny.value = toggle.tenants.deny.join(', ');
    spacesAllow.value = toggle.spaces.allow.join(', ');
    spacesDeny.value = toggle.spaces.deny.join(', ');
    replaceChildren(previewRegion);
    replaceChildren(error);
  };
  feature.addEventListener('change', load);
  load();

  const proposed = (): RoutingDocument => ({
    ...view.document,
    features: view.document.features.map((entry) =>
      entry.key !== feature.value
        ? entry
        : {
            ...entry,
            enabled: enabled.checked,
            percentage: Number(percentage.value),
            tenants: { allow: list(tenantsAllow.value), deny: list(tenantsDeny.value) },
            spaces: { allow: list(spacesAllow.value), deny: list(spacesDeny.value) },
          },
    ),
  });

  const showFailure = (failure: unknown) => {
    const conflict = failure instanceof ApiError && failure.isConflict;
    replaceChildren(
      error,
      h('p', { class: 'message error' }, failureText(failure)),
      conflict ? h('p', {}, 'Nothing was applied. Reload to see the other change, then make yours again.') : null,
      conflict ? h('button', { type: 'button', class: 'secondary', onclick: () => context.refresh() }, 'Reload the rules') : null,
    );
  };

  previewButton.addEventListener('click', () => {
    replaceChildren(error);
    context.api
      .preview(proposed())
      .then((preview) => replaceChildren(previewRegion, previewSummary(preview)))
      .catch(showFailure);
  });

  const form = h(
    'form',
    { class: 'steer', 'aria-describedby': 'steer-help' },
    h(
      'p',
      { id: 'steer-help' },
      `Editing rules version ${view.version} (last change by ${view.updatedBy}: ${view.reason}). Lists take tenant slugs or ids, or space ids, separated by commas.`,
    ),
    field('Feature', feature),
    h('div', { class: 'field checkbox' }, enabled, h('label', { for: 'steer-enabled' }, 'Feature enabled')),
    field('Percentage of tenants on the new side (0–100)', percentage, 'Sticky per tenant (or space): raising it only adds tenants.'),
    field('Tenants always on (allow)', tenantsAllow),
    field('Tenants never on (deny)', tenantsDeny, 'Deny beats allow, allow beats the percentage.'),
    field('Spaces always on (allow)', spacesAllow),
    field('Spaces never on (deny)', spacesDeny),
    field('Reason for the change (required, kept in the audit trail)', reason),
    h('div', { class: 'actions' }, previewButton, applyButton),
    previewRegion,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    replaceChildren(error);
    if (!reason.value.trim()) return showFailure(new Error('give a reason for the change; it is kept in the audit trail.'));
    applyButton.disabled = true;
    const document = proposed();
    context.api
      .preview(document)
      .then(async (preview) => {
        replaceChildren(previewRegion, previewSummary(preview));
        const applied = await context.api.replaceRules(document, view.version, reason.value.trim());
        context.refresh(`Applied: rules version ${applied.version}. ${summaryText(preview)}`);
      })
      .catch(showFailure)
      .finally(() => (applyButton.disabled = false));
  });
  return form;
}

function list(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

function summaryText(preview: RoutingPreview): string {
  if (preview.summary.length === 0) return 'This change moves no tenant.';
  return (
    preview.summary
      .map(
        (entry) =>
          `${entry.count} tenant${entry.count === 1 ? '' : 's'} go${entry.count === 1 ? 'es' : ''} to ${entry.to} for ${entry.feature}`,
      )
      .join('; ') + '.'
  );
}

function previewSummary(preview: RoutingPreview): HTMLElement {
  return h(
    'div',
    { class: 'preview' },
    h('h2', {}, 'What the change moves'),
    h('p', { class: 'preview-summary' }, summaryText(preview)),
    preview.moves.length === 0
      ? null
      : h('ul', {}, ...preview.moves.map((move) => h('li', {}, `${move.slug}: ${move.feature} from ${move.from} to ${move.to}`))),
  );
}
