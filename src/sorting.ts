/**
 * The orders of the workspace list. Newest first is the one order of every
 * face (the sidebar's default, the notebook's browser and `%df_list`).
 */
import type { IApp, IWorkspace } from './api';
import { serviceTime } from './util';

export type SortOrder = 'newest' | 'oldest' | 'name';

export const SORT_ORDERS: SortOrder[] = ['newest', 'oldest', 'name'];

/** A time in ms since the epoch; null when absent or unreadable. */
function timeOf(value: string | null | undefined): number | null {
  const time = value ? serviceTime(value) : NaN;
  return Number.isNaN(time) ? null : time;
}

/** Creation time in ms since the epoch; undated (or unreadable) ones last. */
function created(workspace: IWorkspace): number | null {
  return timeOf(workspace.createdAt);
}

function byTime(direction: 1 | -1) {
  return (a: IWorkspace, b: IWorkspace): number => {
    const [x, y] = [created(a), created(b)];
    if (x === null || y === null) {
      return x === y ? 0 : x === null ? 1 : -1;
    }
    return (x - y) * direction;
  };
}

const COMPARE: Record<SortOrder, (a: IWorkspace, b: IWorkspace) => number> = {
  newest: byTime(-1),
  oldest: byTime(1),
  name: (a, b) => a.name.localeCompare(b.name)
};

/** A sorted copy (stable: equal ones keep the server's order). */
export function sortWorkspaces(
  workspaces: IWorkspace[],
  order: SortOrder
): IWorkspace[] {
  return [...workspaces].sort(COMPARE[order]);
}

/**
 * AI apps newest first by `startedAt` (the server's order, kept whatever
 * order an answer comes in); undated ones last, equal ones as they came.
 */
export function newestRunsFirst(apps: IApp[]): IApp[] {
  return [...apps].sort((a, b) => {
    const [x, y] = [timeOf(a.startedAt), timeOf(b.startedAt)];
    if (x === null || y === null) {
      return x === y ? 0 : x === null ? 1 : -1;
    }
    return y - x;
  });
}
