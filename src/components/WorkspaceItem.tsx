import { caretDownIcon, caretRightIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IWorkspace } from '../api';
import { gpuBadge } from '../details';
import type { Trans } from '../i18n';
import { when } from '../util';
import { IconButton } from './IconButton';
import { IWorkspaceActions, MoreActions, RowActions } from './WorkspaceActions';
import { WorkspaceDetails } from './WorkspaceDetails';

/**
 * One workspace: a compact row (name, GPU badge, Insert code, Delete) that
 * fits the narrowest sidebar; image, dates, configuration and the other
 * actions when opened (and the image and creation time in the tooltip).
 */
export function WorkspaceItem(props: {
  workspace: IWorkspace;
  actions: IWorkspaceActions;
  open: boolean;
  onToggle: () => void;
  focused: boolean;
  onFocus: () => void;
  disabled: boolean;
  trans: Trans;
}): JSX.Element {
  const { workspace, actions, open, trans } = props;
  const detailsId = `ncp-df-details-${workspace.id}`;
  const badge = gpuBadge(workspace);
  const tooltip = [
    workspace.name,
    workspace.image,
    workspace.gpus,
    workspace.queueName,
    workspace.createdAt
      ? trans.__('Created %1', when(workspace.createdAt))
      : null
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <li
      className={`ncp-df-item${open ? ' ncp-df-mod-open' : ''}`}
      aria-label={workspace.name}
      tabIndex={props.focused ? 0 : -1}
      data-workspace-id={workspace.id}
      onFocus={event => event.target === event.currentTarget && props.onFocus()}
    >
      <div className="ncp-df-row" title={tooltip}>
        <IconButton
          label={trans.__('Details of %1', workspace.name)}
          controls={detailsId}
          icon={open ? caretDownIcon : caretRightIcon}
          expanded={open}
          className="ncp-df-caret"
          onClick={props.onToggle}
        />
        <span className="ncp-df-row-name">{workspace.name}</span>
        {badge && (
          <span
            className="ncp-df-badge"
            title={trans.__('GPU: %1', workspace.gpus)}
          >
            {badge}
          </span>
        )}
        <RowActions
          workspace={workspace}
          actions={actions}
          disabled={props.disabled}
          trans={trans}
        />
      </div>
      {open && (
        <div className="ncp-df-row-more">
          <WorkspaceDetails
            id={detailsId}
            workspace={workspace}
            trans={trans}
          />
          <MoreActions
            workspace={workspace}
            actions={actions}
            disabled={props.disabled}
            trans={trans}
          />
        </div>
      )}
    </li>
  );
}
