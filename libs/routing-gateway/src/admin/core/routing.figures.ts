/** One side's figures in a rollback-monitor window, as the console shows them. */
export interface SideFigures {
  requests: number;
  errorRate: number;
  p95Ms: number;
}

export interface RoutingFigures {
  feature: string;
  scope: string;
  new: SideFigures;
  legacy: SideFigures;
}

/** What each node pushes on `admin:routing`; the console adds the nodes up. Imported by the console as a type. */
export interface RoutingFiguresMessage {
  node: string;
  at: string;
  figures: RoutingFigures[];
}
