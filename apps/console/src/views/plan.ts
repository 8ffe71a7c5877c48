import { h, svg } from '../dom';
import type { PlanSummary, PlanTask, RiskLevel, TaskStatus } from '../types';
import { failureBlock } from './failure';
import type { ConsoleContext } from './screen';

const STATUSES: TaskStatus[] = ['done', 'in-progress', 'blocked', 'todo'];
const RISKS: RiskLevel[] = ['high', 'medium', 'low'];
const NODE = { width: 92, height: 24, columnGap: 48, rowGap: 8, margin: 12 };

export async function renderPlan(context: ConsoleContext): Promise<HTMLElement> {
  let plan: PlanSummary;
  try {
    plan = await context.api.plan();
  } catch (error) {
    return failureBlock(error);
  }
  const tasks = plan.order.flatMap((level) => level.tasks);
  const counts = Object.fromEntries(STATUSES.map((status) => [status, tasks.filter((task) => task.status === status).length])) as Record<
    TaskStatus,
    number
  >;
  return h(
    'div',
    { class: 'plan' },
    h('p', {}, `Plan ${plan.version} (${plan.status}): ${counts.done} of ${tasks.length} tasks done.`),
    h('progress', { id: 'plan-progress', max: tasks.length, value: counts.done, 'aria-label': 'Plan tasks done' }),
    h(
      'ul',
      { class: 'legend' },
      ...STATUSES.map((status) => h('li', {}, h('span', { class: `swatch status-${status}` }), `${status}: ${counts[status]}`)),
    ),
    h(
      'ul',
      { class: 'legend' },
      ...RISKS.map((risk) =>
        h('li', {}, h('span', { class: `swatch risk-${risk}` }), `${risk} risk (border): ${plan.risk.distribution[risk]?.count ?? 0}`),
      ),
    ),
    h('h2', {}, 'Dependency graph'),
    h(
      'p',
      {},
      'Columns are dependency levels: a task depends only on tasks in columns to its left. Fill shows the status, the border the risk.',
    ),
    h('div', { class: 'graph', tabindex: '0', role: 'region', 'aria-label': 'Dependency graph, scrollable' }, graph(plan)),
    h('details', {}, h('summary', {}, 'The same tasks as a table'), taskTable(plan)),
  );
}

function graph(plan: PlanSummary): SVGElement {
  const position = new Map<string, { x: number; y: number }>();
  plan.order.forEach((level, column) =>
    level.tasks.forEach((task, row) =>
      position.set(task.id, {
        x: NODE.margin + column * (NODE.width + NODE.columnGap),
        y: NODE.margin + row * (NODE.height + NODE.rowGap),
      }),
    ),
  );
  const tallest = Math.max(1, ...plan.order.map((level) => level.tasks.length));
  const width = NODE.margin * 2 + plan.order.length * (NODE.width + NODE.columnGap);
  const height = NODE.margin * 2 + tallest * (NODE.height + NODE.rowGap);
  const edges: SVGElement[] = [];
  const nodes: SVGElement[] = [];
  for (const task of plan.order.flatMap((level) => level.tasks)) {
    const to = position.get(task.id)!;
    for (const dependency of task.dependsOn ?? []) {
      const from = position.get(dependency);
      if (!from) continue;
      edges.push(
        svg('line', { class: 'edge', x1: from.x + NODE.width, y1: from.y + NODE.height / 2, x2: to.x, y2: to.y + NODE.height / 2 }),
      );
    }
    nodes.push(
      svg(
        'g',
        { class: `task status-${task.status} risk-${task.risk}`, 'data-task': task.id },
        svg(
          'title',
          {},
          `${task.id} ${task.title} — ${task.status}, ${task.risk} risk${task.dependsOn?.length ? `; depends on ${task.dependsOn.join(', ')}` : ''}`,
        ),
        svg('rect', { x: to.x, y: to.y, width: NODE.width, height: NODE.height, rx: 4 }),
        svg('text', { x: to.x + NODE.width / 2, y: to.y + NODE.height / 2 + 4, 'text-anchor': 'middle' }, task.id),
      ),
    );
  }
  return svg(
    'svg',
    {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': `Dependency graph of ${plan.order.flatMap((level) => level.tasks).length} tasks in ${plan.order.length} levels`,
    },
    svg('g', { class: 'edges' }, ...edges),
    svg('g', {}, ...nodes),
  );
}

function taskTable(plan: PlanSummary): HTMLElement {
  const row = (level: number, task: PlanTask) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, task.id),
      h('td', {}, task.title),
      h('td', {}, level),
      h('td', {}, task.risk),
      h('td', {}, task.status),
      h('td', {}, (task.dependsOn ?? []).join(', ') || '—'),
    );
  return h(
    'table',
    { id: 'plan-tasks' },
    h('caption', {}, 'Plan tasks in dependency order'),
    h(
      'thead',
      {},
      h('tr', {}, ...['Task', 'Title', 'Level', 'Risk', 'Status', 'Depends on'].map((label) => h('th', { scope: 'col' }, label))),
    ),
    h('tbody', {}, ...plan.order.flatMap((level) => level.tasks.map((task) => row(level.level, task)))),
  );
}
