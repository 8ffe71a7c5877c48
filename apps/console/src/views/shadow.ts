import { h, replaceChildren, when } from '../dom';
import type { JsonDifference, ShadowReport, ShadowSample } from '../types';
import { failureBlock } from './failure';
import type { ConsoleContext } from './screen';

const KINDS: Record<JsonDifference['kind'], string> = {
  changed: 'value differs',
  type: 'type differs',
  'missing-in-new': 'missing on the new side',
  'extra-in-new': 'only on the new side',
};

export async function renderShadow(context: ConsoleContext): Promise<HTMLElement> {
  let report: ShadowReport;
  try {
    report = await context.api.shadowReport();
  } catch (error) {
    return failureBlock(error);
  }
  const detail = h('section', { id: 'shadow-detail', 'aria-labelledby': 'shadow-detail-title', tabindex: '-1' });
  return h(
    'div',
    { class: 'shadow' },
    h(
      'p',
      {},
      `Report of this node, made ${when(report.generatedAt)}. Shadowed requests are served by legacy; the new side's answer is compared in the background.`,
    ),
    routesTable(report),
    h('h2', {}, 'Recorded differences'),
    report.samples.length === 0 ? h('p', { class: 'message' }, 'No difference recorded.') : samplesTable(report.samples, detail),
    detail,
  );
}

function routesTable(report: ShadowReport): HTMLElement {
  if (report.routes.length === 0) return h('p', { class: 'message' }, 'No shadowed request has been compared yet.');
  return h(
    'table',
    { id: 'shadow-routes' },
    h('caption', {}, 'Comparisons per shadowed route'),
    h(
      'thead',
      {},
      h('tr', {}, ...['Route', 'Match', 'Mismatch', 'New side failed', 'Skipped'].map((label) => h('th', { scope: 'col' }, label))),
    ),
    h(
      'tbody',
      {},
      ...report.routes.map((route) =>
        h(
          'tr',
          { 'data-route': route.route },
          h('th', { scope: 'row' }, route.route),
          h('td', { class: 'match' }, route.matches),
          h('td', { class: route.mismatches > 0 ? 'mismatch' : '' }, route.mismatches),
          h('td', {}, route.failures),
          h('td', {}, route.skipped),
        ),
      ),
    ),
  );
}

function samplesTable(samples: ShadowSample[], detail: HTMLElement): HTMLElement {
  return h(
    'table',
    { id: 'shadow-samples' },
    h('caption', {}, 'Most recent mismatches, newest first'),
    h(
      'thead',
      {},
      h('tr', {}, ...['When', 'Request', 'Status legacy / new', 'Differences', ''].map((label) => h('th', { scope: 'col' }, label))),
    ),
    h(
      'tbody',
      {},
      ...samples.map((sample, index) => {
        const open = h('button', { type: 'button', class: 'secondary' }, `Compare difference ${index + 1}`);
        open.addEventListener('click', () => {
          replaceChildren(detail, ...sideBySide(sample));
          detail.focus();
        });
        return h(
          'tr',
          {},
          h('td', {}, when(sample.at)),
          h('th', { scope: 'row' }, `${sample.method} ${sample.path}`),
          h('td', {}, `${sample.legacyStatus} / ${sample.newStatus}`),
          h('td', {}, sample.differences.length),
          h('td', {}, open),
        );
      }),
    ),
  );
}

/** Legacy left, new right, one row per differing JSON path (the report keeps the differing values, not whole bodies). */
function sideBySide(sample: ShadowSample): HTMLElement[] {
  const rows = sample.differences.map((difference) =>
    h(
      'tr',
      { class: `difference ${difference.kind}` },
      h('th', { scope: 'row' }, h('mark', {}, difference.path || '(whole body)'), h('small', {}, ` ${KINDS[difference.kind]}`)),
      h('td', {}, h('pre', { class: 'legacy-value' }, 'legacy' in difference ? pretty(difference.legacy) : '(absent)')),
      h('td', {}, h('pre', { class: 'new-value' }, 'new' in difference ? pretty(difference.new) : '(absent)')),
    ),
  );
  const statusRow =
    sample.legacyStatus === sample.newStatus
      ? null
      : h(
          'tr',
          { class: 'difference changed' },
          h('th', { scope: 'row' }, h('mark', {}, 'HTTP status')),
          h('td', {}, h('pre', {}, String(sample.legacyStatus))),
          h('td', {}, h('pre', {}, String(sample.newStatus))),
        );
  return [
    h('h2', { id: 'shadow-detail-title' }, `Difference of ${sample.method} ${sample.path}`),
    h(
      'table',
      { class: 'side-by-side' },
      h('caption', {}, `Legacy and new answers at each differing path, recorded ${when(sample.at)}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Path'), h('th', { scope: 'col' }, 'Legacy'), h('th', { scope: 'col' }, 'New'))),
      h('tbody', {}, statusRow, ...rows),
    ),
  ];
}

function pretty(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, null, 2);
}
