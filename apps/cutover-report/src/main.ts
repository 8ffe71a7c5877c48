import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { auditTrail, featureScope, scrape } from './collect';
import { exitReport, renderExitReport } from './exit-report';
import { Sample } from './prometheus.text';

const USAGE = `usage:
  npm run cutover:report -- snapshot --node <url> [--node <url>…] --out <baseline.json>
  npm run cutover:report -- report --baseline <baseline.json> --feature <key> --node <url> [--node <url>…] [--out <report.md>]
Tokens come from the environment, never the command line: CUTOVER_ADMIN_TOKEN (a platform admin's access
token, for the routing view and audit) and CUTOVER_METRICS_TOKEN (METRICS_TOKEN, when METRICS_ACCESS=token).`;

interface Baseline {
  at: string;
  samples: Sample[];
}

/** Runbook step 6 (docs/cutover-runbook.md): a baseline scrape of every node, then the exit report against it. */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      node: { type: 'string', multiple: true },
      out: { type: 'string' },
      baseline: { type: 'string' },
      feature: { type: 'string' },
    },
  });
  const nodes = (values.node ?? []).map((node) => node.replace(/\/+$/, ''));
  const [command] = positionals;
  const metricsToken = process.env.CUTOVER_METRICS_TOKEN;
  if (command === 'snapshot' && nodes.length > 0 && values.out) {
    const baseline: Baseline = { at: new Date().toISOString(), samples: await scrape(nodes, metricsToken) };
    writeFileSync(values.out, JSON.stringify(baseline));
    process.stdout.write(`Baseline of ${nodes.length} node(s) at ${baseline.at} written to ${values.out}\n`);
    return 0;
  }
  if (command === 'report' && nodes.length > 0 && values.baseline && values.feature) {
    const adminToken = process.env.CUTOVER_ADMIN_TOKEN;
    if (!adminToken) throw new Error('CUTOVER_ADMIN_TOKEN is required (a platform admin access token)');
    const baseline = JSON.parse(readFileSync(values.baseline, 'utf8')) as Baseline;
    const scope = await featureScope(nodes, adminToken, values.feature);
    const after = await scrape(nodes, metricsToken);
    const to = new Date().toISOString();
    const report = exitReport(
      scope,
      { from: baseline.at, to, before: baseline.samples, after },
      await auditTrail(nodes[0], adminToken, values.feature),
    );
    const markdown = renderExitReport(report);
    if (values.out) writeFileSync(values.out, markdown);
    else process.stdout.write(markdown);
    // The verdict is the exit code, for scripts: 0 every criterion met, 1 not.
    return report.passed ? 0 : 1;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`cutover-report: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
