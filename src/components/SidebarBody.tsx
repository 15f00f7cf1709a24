import * as React from 'react';

import type { Trans } from '../i18n';
import type { SidebarModel } from '../model';
import { AccountControls } from './AccountControls';
import { ListStatus } from './ListStatus';
import { NoticePanel } from './NoticePanel';
import { SidebarFooter } from './SidebarFooter';
import type { IWorkspaceActions } from './WorkspaceActions';
import { WorkspaceList } from './WorkspaceList';

/**
 * The panel below its toolbar: the account and filter, the list's status and
 * any notice stay where they are; only the list scrolls; the footer says
 * which endpoint and key the server uses.
 */
export function SidebarBody(props: {
  model: SidebarModel;
  actions: IWorkspaceActions;
  trans: Trans;
}): JSX.Element {
  const { model, actions, trans } = props;
  const { notice, status, accounts, workspaces } = model;
  const blocked = model.blocked;
  const visible = model.visibleWorkspaces;
  return (
    <div className="ncp-df-body">
      <div className="ncp-df-fixed">
        {!blocked && accounts.length > 0 && (
          <AccountControls
            accounts={accounts}
            accountId={model.accountId}
            filter={model.filter}
            disabled={model.loading && workspaces === null}
            trans={trans}
            onSelectAccount={accountId => void model.selectAccount(accountId)}
            onFilter={filter => model.setFilter(filter)}
          />
        )}
        <ListStatus
          shown={visible.length}
          total={blocked || workspaces === null ? null : workspaces.length}
          loading={model.loading}
          waitingSince={model.waitingSince}
          budget={status?.timeoutSeconds}
          stale={model.stale}
          lastRefreshed={model.lastRefreshed}
          trans={trans}
        />
        {notice && (
          <NoticePanel
            notice={notice}
            endpoint={status?.endpoint ?? null}
            trans={trans}
          />
        )}
      </div>
      <div className="ncp-df-scroll">
        {!blocked && workspaces !== null && (
          <WorkspaceList
            workspaces={visible}
            total={workspaces.length}
            actions={actions}
            stale={model.stale}
            disabled={model.blocked}
            trans={trans}
          />
        )}
        {!blocked && workspaces === null && !notice && (
          <p className="ncp-df-message" role="status">
            {trans.__('Loading workspaces…')}
          </p>
        )}
      </div>
      {status && (
        <SidebarFooter
          status={status}
          lastRefreshed={model.lastRefreshed}
          trans={trans}
        />
      )}
    </div>
  );
}
