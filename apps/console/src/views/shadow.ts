import { h, replaceChildren, when } from '../dom';
import { bodyLines } from '../json-view';
import type { BodyExcerpt, JsonDifference, ShadowReport, ShadowSample } from '../types';
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
      { id: 'shadow-scope' },
      `${report.scope === 'cluster' ? `Report of ${report.nodes} ${report.nodes === 1 ? 'node' : 'nodes'}, added up through Redis` : 'Report of the node that answered only'}, made ${when(report.generatedAt)}. Shadowed requests are served by legacy; the new side's answer is compared in the background.`,
    ),
    report.partial
      ? h(
          'p',
          { role: 'alert', class: 'message error', id: 'shadow-partial' },
          `Partial report: ${report.problem ?? 'some comparisons are missing'}.`,
        )
      : null,
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

/** Both whole bodies side by side with differing lines marked, then one row per differing JSON path. */
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
  const paths = sample.differences.map((difference) => difference.path);
  return [
    h('h2', { id: 'shadow-detail-title' }, `Difference of ${sample.method} ${sample.path}`),
    h(
      'div',
      { class: 'bodies' },
      bodyPane('Legacy', 'legacy-body', sample.legacyBody, paths),
      bodyPane('New', 'new-body', sample.newBody, paths),
    ),
    h(
      'table',
      { class: 'side-by-side' },
      h('caption', {}, `Legacy and new answers at each differing path, recorded ${when(sample.at)}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Path'), h('th', { scope: 'col' }, 'Legacy'), h('th', { scope: 'col' }, 'New'))),
      h('tbody', {}, statusRow, ...rows),
    ),
  ];
}

/** A whole body, pretty-printed, with the lines of differing paths marked; a cut body says so and is shown as it came. */
function bodyPane(title: string, className: string, body: BodyExcerpt | undefined, paths: readonly string[]): HTMLElement {
  if (!body) return h('figure', { class: `body ${className}` }, h('figcaption', {}, `${title}: body not recorded`));
  const { lines, json } = bodyLines(body.text, paths);
  const note = body.truncated
    ? `${title}: truncated, first ${kibibytes(new TextEncoder().encode(body.text).length)} of ${kibibytes(body.bytes)} shown; differing paths cannot be marked in a cut body`
    : `${title}: whole body, ${kibibytes(body.bytes)}${json ? '' : ', not JSON'}`;
  return h(
    'figure',
    { class: `body ${className}`, 'data-truncated': String(body.truncated) },
    h('figcaption', {}, note),
    h('pre', {}, ...lines.map((line) => (line.marked ? h('mark', { class: 'line' }, line.text) : h('span', { class: 'line' }, line.text)))),
  );
}

function kibibytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function pretty(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, null, 2);
}
