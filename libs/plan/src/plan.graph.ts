import { Plan, PlanTask, RISK_LEVELS } from './plan.model';

export interface DependencyNode {
  id: string;
  dependsOn: readonly string[];
}

export interface DependencyLevels {
  /** Level n holds the tasks whose dependencies all sit in levels before n. */
  levels: string[][];
  /** Tasks that can never be scheduled because they are on or behind a cycle. */
  unresolved: string[];
}

/**
 * Every distinct cycle reachable by a depth-first walk, each written as a path that ends where it
 * starts (`A → B → A` reads "A depends on B, which depends on A").
 */
export function findCycles(nodes: readonly DependencyNode[]): string[][] {
  const edges = edgesOf(nodes);
  const finished = new Set<string>();
  const path: string[] = [];
  const cycles = new Map<string, string[]>();
  const visit = (id: string): void => {
    const position = path.indexOf(id);
    if (position >= 0) {
      const cycle = rotateToSmallest(path.slice(position));
      cycles.set(cycle.join(' '), [...cycle, cycle[0]]);
      return;
    }
    if (finished.has(id)) return;
    path.push(id);
    edges.get(id)?.forEach(visit);
    path.pop();
    finished.add(id);
  };
  nodes.forEach((node) => visit(node.id));
  return [...cycles.values()];
}

/** Kahn's algorithm, one level per round, keeping document order inside a level. */
export function orderLevels(nodes: readonly DependencyNode[]): DependencyLevels {
  const edges = edgesOf(nodes);
  const placed = new Set<string>();
  const levels: string[][] = [];
  let remaining = nodes.map((node) => node.id);
  while (remaining.length > 0) {
    const ready = remaining.filter((id) => (edges.get(id) ?? []).every((dependency) => placed.has(dependency)));
    if (ready.length === 0) break;
    ready.forEach((id) => placed.add(id));
    levels.push(ready);
    remaining = remaining.filter((id) => !placed.has(id));
  }
  return { levels, unresolved: remaining };
}

/** A Mermaid flowchart: one subgraph per milestone, arrows from a dependency to its dependents. */
export function renderMermaid(plan: Plan): string {
  const lines = ['flowchart TD'];
  lines.push(...RISK_LEVELS.map((risk) => `  classDef ${risk} ${RISK_STYLES[risk]}`));
  plan.milestones.forEach((milestone, index) => {
    const tasks = plan.tasks.filter((task) => task.milestone === milestone);
    if (tasks.length === 0) return;
    lines.push(`  subgraph milestone${index + 1} ["${escapeLabel(milestone)}"]`);
    lines.push(...tasks.map((task) => `    ${nodeName(task.id)}["${nodeLabel(task)}"]`));
    lines.push('  end');
  });
  lines.push(...orphanTasks(plan).map((task) => `  ${nodeName(task.id)}["${nodeLabel(task)}"]`));
  for (const task of plan.tasks) {
    lines.push(...task.dependsOn.map((dependency) => `  ${nodeName(dependency)} --> ${nodeName(task.id)}`));
  }
  for (const risk of RISK_LEVELS) {
    const members = plan.tasks.filter((task) => task.risk === risk).map((task) => nodeName(task.id));
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${risk}`);
  }
  return `${lines.join('\n')}\n`;
}

const RISK_STYLES: Record<(typeof RISK_LEVELS)[number], string> = {
  low: 'fill:#d9f2d9,stroke:#2e7d32,color:#1b5e20',
  medium: 'fill:#fff3cd,stroke:#b8860b,color:#5d4300',
  high: 'fill:#f8d7da,stroke:#c62828,color:#7f1d1d',
};

function edgesOf(nodes: readonly DependencyNode[]): Map<string, readonly string[]> {
  const known = new Set(nodes.map((node) => node.id));
  const edges = new Map<string, readonly string[]>();
  for (const node of nodes) {
    // Unknown dependencies are reported by the validator; here they would only block ordering.
    if (!edges.has(node.id))
      edges.set(
        node.id,
        node.dependsOn.filter((id) => known.has(id)),
      );
  }
  return edges;
}

function rotateToSmallest(cycle: string[]): string[] {
  const smallest = cycle.reduce((best, id) => (id < best ? id : best));
  const start = cycle.indexOf(smallest);
  return [...cycle.slice(start), ...cycle.slice(0, start)];
}

function orphanTasks(plan: Plan): PlanTask[] {
  return plan.tasks.filter((task) => !plan.milestones.includes(task.milestone));
}

// Mermaid reads `-` next to `-->` ambiguously, so node names avoid it; labels keep the real ID.
function nodeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

function nodeLabel(task: PlanTask): string {
  return escapeLabel(`${task.id} ${task.title} (${task.status})`);
}

function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, (character) => (character === '<' ? '#lt;' : '#gt;'));
}
