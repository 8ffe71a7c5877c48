import type { ApiClient } from '../api';
import type { LiveFigures } from '../live';

export interface ConsoleContext {
  api: ApiClient;
  live: LiveFigures;
  /** Renders the current screen again with fresh data, and a notice above it (read out to screen readers). */
  refresh(notice?: string): void;
}

export interface Screen {
  id: string;
  title: string;
  render(context: ConsoleContext): Promise<HTMLElement>;
}
