import { Plan, RISK_LEVELS, RiskLevel, TaskStatus } from './plan.model';

export interface RiskShare {
  count: number;
  /** Fraction of all tasks, rounded to three decimals (0.25 is a quarter). */
  share: number;
}

export interface HighRiskTask {
  id: string;
  title: string;
  status: TaskStatus;
  rollback: string;
}

export interface RiskSummary {
  total: number;
  distribution: Record<RiskLevel, RiskShare>;
  highRisk: HighRiskTask[];
}

export function summarizeRisk(plan: Plan): RiskSummary {
  const total = plan.tasks.length;
  const distribution = Object.fromEntries(
    RISK_LEVELS.map((risk) => {
      const count = plan.tasks.filter((task) => task.risk === risk).length;
      return [risk, { count, share: total === 0 ? 0 : Math.round((count / total) * 1000) / 1000 }];
    }),
  ) as Record<RiskLevel, RiskShare>;
  const highRisk = plan.tasks
    .filter((task) => task.risk === 'high')
    .map(({ id, title, status, rollback }) => ({ id, title, status, rollback }));
  return { total, distribution, highRisk };
}
