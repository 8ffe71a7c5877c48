import { buildPlanMarkdown } from '../test/plan-markdown.builder';
import { findCycles, orderLevels, renderMermaid } from './plan.graph';
import { Plan } from './plan.model';
import { parsePlan } from './plan.parser';
import { validatePlan } from './plan.validator';

function planOf(markdown: string): Plan {
  const { plan, problems } = validatePlan(parsePlan(markdown));
  if (!plan) throw new Error(`fixture is invalid: ${problems.map((problem) => problem.message).join('; ')}`);
  return plan;
}

describe(findCycles.name, () => {
  it('should find no cycle in an acyclic graph', () => {
    const nodes = [
      { id: 'A-1', dependsOn: [] },
      { id: 'A-2', dependsOn: ['A-1'] },
      { id: 'A-3', dependsOn: ['A-1', 'A-2'] },
    ];

    const cycles = findCycles(nodes);

    expect(cycles).toEqual([]);
  });

  it('should write a cycle from its smallest ID back to itself', () => {
    const nodes = [
      { id: 'A-3', dependsOn: ['A-1'] },
      { id: 'A-1', dependsOn: ['A-2'] },
      { id: 'A-2', dependsOn: ['A-3'] },
    ];

    const cycles = findCycles(nodes);

    expect(cycles).toEqual([['A-1', 'A-2', 'A-3', 'A-1']]);
  });

  it('should find separate cycles and self-dependencies once each', () => {
    const nodes = [
      { id: 'A-1', dependsOn: ['A-2'] },
      { id: 'A-2', dependsOn: ['A-1'] },
      { id: 'B-1', dependsOn: ['B-1'] },
    ];

    const cycles = findCycles(nodes);

    expect(cycles).toEqual([
      ['A-1', 'A-2', 'A-1'],
      ['B-1', 'B-1'],
    ]);
  });

  it('should ignore dependencies on unknown nodes', () => {
    const nodes = [{ id: 'A-1', dependsOn: ['Z-9'] }];

    const cycles = findCycles(nodes);

    expect(cycles).toEqual([]);
  });
});

describe(orderLevels.name, () => {
  it('should place each node one level after its deepest dependency, in document order', () => {
    const nodes = [
      { id: 'A-4', dependsOn: ['A-2', 'A-3'] },
      { id: 'A-2', dependsOn: ['A-1'] },
      { id: 'A-1', dependsOn: [] },
      { id: 'A-3', dependsOn: [] },
    ];

    const order = orderLevels(nodes);

    expect(order).toEqual({ levels: [['A-1', 'A-3'], ['A-2'], ['A-4']], unresolved: [] });
  });

  it('should leave the nodes on or behind a cycle unresolved', () => {
    const nodes = [
      { id: 'A-1', dependsOn: [] },
      { id: 'A-2', dependsOn: ['A-3'] },
      { id: 'A-3', dependsOn: ['A-2'] },
      { id: 'A-4', dependsOn: ['A-2'] },
    ];

    const order = orderLevels(nodes);

    expect(order).toEqual({ levels: [['A-1']], unresolved: ['A-2', 'A-3', 'A-4'] });
  });
});

describe(renderMermaid.name, () => {
  const plan = planOf(
    buildPlanMarkdown({
      milestones: [
        { title: 'M1 Base', tasks: [{ id: 'SWY-001', title: 'Say "hello"', fields: { Status: 'done' } }] },
        { title: 'M2 Next', tasks: [{ id: 'SWY-002', fields: { 'Depends on': 'SWY-001', Risk: 'high' } }] },
      ],
    }),
  );

  it('should draw one subgraph per milestone and an arrow from each dependency to its dependent', () => {
    const mermaid = renderMermaid(plan);

    expect(mermaid.startsWith('flowchart TD\n')).toBe(true);
    expect(mermaid).toContain('  subgraph milestone1 ["1. M1 Base"]');
    expect(mermaid).toContain('    SWY_002["SWY-002 Title of SWY-002 (todo)"]');
    expect(mermaid).toContain('  SWY_001 --> SWY_002');
  });

  it('should colour every task by its risk level and skip levels without tasks', () => {
    const mermaid = renderMermaid(plan);

    expect(mermaid).toMatch(/classDef high fill:#[0-9a-f]{6}/);
    expect(mermaid).toContain('  class SWY_001 low');
    expect(mermaid).toContain('  class SWY_002 high');
    expect(mermaid).not.toMatch(/^ {2}class .* medium$/m);
  });

  it('should escape quotes in labels', () => {
    const mermaid = renderMermaid(plan);

    expect(mermaid).toContain('SWY-001 Say #quot;hello#quot; (done)');
  });
});
