/**
 * The orders of the workspace list. Newest first is the one order of every
 * face (the sidebar's default, the notebook's browser and `%df_list`).
 */
import type { IWorkspace } from './api';

export type SortOrder = 'newest' | 'oldest' | 'name';

export const SORT_ORDERS: SortOrder[] = ['newest', 'oldest', 'name'];

/** Creation time in ms since the epoch; undated (or unreadable) ones last. */
function created(workspace: IWorkspace): number | null {
  const time = workspace.createdAt ? Date.parse(workspace.createdAt) : NaN;
  return Number.isNaN(time) ? null : time;
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
