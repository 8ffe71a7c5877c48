import { h, replaceChildren } from '../dom';
import type { SpaceAssignment, TenantAssignment, TenantSpacesOverview } from '../types';
import { failureText } from './failure';
import { field } from './login';
import type { ConsoleContext } from './screen';

/**
 * Per space of one tenant, each feature's side and why. Spaces can be many, so they are asked for one tenant
 * at a time and a page at a time (the server computes sides with the gateway's own rules).
 */
export function spacesSection(context: ConsoleContext, tenants: TenantAssignment[], reasons: Record<string, string>): HTMLElement {
  const tenant = h('select', { id: 'spaces-tenant', required: true }, ...tenants.map((each) => h('option', { value: each.id }, each.slug)));
  const submit = h('button', { type: 'submit' }, 'Show spaces');
  const message = h('p', { role: 'status', class: 'message', 'aria-live': 'polite' });
  const result = h('div', { class: 'space-sides' });
  const form = h('form', { class: 'inline-form', 'aria-label': 'Show the sides of a tenant’s spaces' }, field('Tenant', tenant), submit);
  let body: HTMLElement | undefined;
  let more: HTMLButtonElement | undefined;

  const load = async (cursor: string | null) => {
    message.removeAttribute('role');
    message.setAttribute('role', 'status');
    submit.disabled = true;
    if (more) more.disabled = true;
    try {
      const page = await context.api.tenantSpaces(tenant.value, cursor);
      if (!cursor || !body) {
        body = h('tbody', {});
        replaceChildren(result, spacesTable(page, body));
      }
      for (const space of page.spaces) body.appendChild(spaceRow(space, reasons));
      const shown = body.childElementCount;
      message.textContent =
        page.total === 0 ? `Tenant ${page.tenant.slug} has no spaces.` : `${shown} of ${page.total} spaces of ${page.tenant.slug} shown.`;
      more?.remove();
      more = page.nextCursor ? moreButton(() => void load(page.nextCursor)) : undefined;
      if (more) result.appendChild(more);
    } catch (error) {
      message.setAttribute('role', 'alert');
      message.textContent = failureText(error);
    } finally {
      submit.disabled = false;
      if (more) more.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(null);
  });

  return h(
    'section',
    { 'aria-labelledby': 'spaces-title', id: 'space-sides' },
    h('h2', { id: 'spaces-title' }, 'Sides per space'),
    h(
      'p',
      {},
      'Space allow and deny lists, space kill switches and percentages by space decide per space: pick a tenant to list its spaces.',
    ),
    form,
    message,
    result,
  );
}

function spacesTable(page: TenantSpacesOverview, body: HTMLElement): HTMLElement {
  return h(
    'table',
    { id: 'space-sides-table' },
    h('caption', {}, `Where each space of ${page.tenant.slug} is served, per feature (rules version ${page.version})`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Space'),
        ...page.features.map((feature) =>
          h(
            'th',
            { scope: 'col', 'data-feature': feature.feature },
            feature.feature,
            h('small', {}, ` ${feature.percentage} % by ${feature.stickBy}`),
          ),
        ),
      ),
    ),
    body,
  );
}

function spaceRow(space: SpaceAssignment, reasons: Record<string, string>): HTMLElement {
  return h(
    'tr',
    { 'data-space': space.name },
    h('th', { scope: 'row' }, space.name, h('small', { class: 'id' }, ` ${space.id}`)),
    ...space.sides.map((side) =>
      h(
        'td',
        { 'data-feature': side.feature },
        h('span', { class: `badge ${side.target}`, 'data-side': side.target }, side.target),
        ' ',
        h(
          'span',
          { class: 'reason' },
          `${reasons[side.reason] ?? side.reason}${side.bucket === undefined ? '' : ` (bucket ${side.bucket})`}`,
        ),
      ),
    ),
  );
}

function moreButton(onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary' }, 'Show more spaces');
  button.addEventListener('click', onClick);
  return button;
}
