import { ApiError } from '../api';
import { h } from '../dom';

/** Every failed call ends up here: a sentence, never a bare status code or a stack. */
export function failureText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return `Something went wrong in the console: ${error instanceof Error ? error.message : String(error)}`;
}

export function failureBlock(error: unknown): HTMLElement {
  return h('p', { role: 'alert', class: 'message error' }, failureText(error));
}
