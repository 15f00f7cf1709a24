import * as React from 'react';

import type { IWorkspace } from '../api';
import type { Trans } from '../i18n';
import { ErrorBoundary } from './ErrorBoundary';
import type { IWorkspaceActions } from './WorkspaceActions';
import { WorkspaceItem } from './WorkspaceItem';

/** The list's keys: arrows move between workspaces, Right/Left open and close one. */
function useListKeys(
  workspaces: IWorkspace[],
  open: ReadonlySet<string>,
  setOpen: (id: string, open: boolean) => void
): {
  focused: string | null;
  setFocused: (id: string) => void;
  onKeyDown: (event: React.KeyboardEvent<HTMLUListElement>) => void;
} {
  const [focused, setFocused] = React.useState<string | null>(null);
  const current = workspaces.some(w => w.id === focused)
    ? focused
    : (workspaces[0]?.id ?? null);
  const onKeyDown = (event: React.KeyboardEvent<HTMLUListElement>): void => {
    const items = Array.from(
      event.currentTarget.querySelectorAll<HTMLLIElement>(':scope > li')
    );
    const row = (event.target as HTMLElement).closest('li');
    const index = row ? items.indexOf(row) : -1;
    const id = index >= 0 ? workspaces[index]?.id : undefined;
    const move = (to: number): void => {
      const target = items[Math.max(0, Math.min(items.length - 1, to))];
      if (target) {
        event.preventDefault();
        target.focus();
      }
    };
    const onRow = event.target === row;
    switch (event.key) {
      case 'ArrowDown':
        return move(index + 1);
      case 'ArrowUp':
        return move(index - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(items.length - 1);
      case 'ArrowRight':
      case 'ArrowLeft':
      case 'Enter':
        if (onRow && id !== undefined) {
          event.preventDefault();
          const wanted =
            event.key === 'Enter' ? !open.has(id) : event.key === 'ArrowRight';
          setOpen(id, wanted);
        }
        return;
    }
  };
  return { focused: current, setFocused, onKeyDown };
}

/** The workspaces of the selected account, in the order chosen. */
export function WorkspaceList(props: {
  workspaces: IWorkspace[];
  total: number;
  actions: IWorkspaceActions;
  stale: boolean;
  disabled: boolean;
  trans: Trans;
}): JSX.Element {
  const { workspaces, total, actions, trans } = props;
  const [open, setOpenIds] = React.useState<ReadonlySet<string>>(new Set());
  const setOpen = (id: string, wanted: boolean): void => {
    const next = new Set(open);
    if (wanted) {
      next.add(id);
    } else {
      next.delete(id);
    }
    setOpenIds(next);
  };
  const keys = useListKeys(workspaces, open, setOpen);
  if (total === 0) {
    return (
      <p className="ncp-df-message">
        {trans.__(
          'This account has no workspaces yet. Press New workspace to create one.'
        )}
      </p>
    );
  }
  if (workspaces.length === 0) {
    return (
      <p className="ncp-df-message">
        {trans.__('No workspace matches the filter.')}
      </p>
    );
  }
  return (
    <ul
      className={`ncp-df-workspaces${props.stale ? ' ncp-df-mod-stale' : ''}`}
      aria-label={trans.__('Workspaces')}
      onKeyDown={keys.onKeyDown}
    >
      {workspaces.map(workspace => (
        // One workspace that cannot be drawn never hides the others.
        <ErrorBoundary
          key={workspace.id}
          what={trans.__('Workspace %1', String(workspace.name))}
          resetKey={workspace}
          trans={trans}
        >
          <WorkspaceItem
            workspace={workspace}
            actions={actions}
            open={open.has(workspace.id)}
            onToggle={() => setOpen(workspace.id, !open.has(workspace.id))}
            focused={keys.focused === workspace.id}
            onFocus={() => keys.setFocused(workspace.id)}
            disabled={props.disabled}
            trans={trans}
          />
        </ErrorBoundary>
      ))}
    </ul>
  );
}
