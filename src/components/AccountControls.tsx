import * as React from 'react';

import type { IAccount } from '../api';

/** The account choice and the filter box above the list. */
export function AccountControls(props: {
  accounts: IAccount[];
  accountId: string | null;
  filter: string;
  onSelectAccount: (accountId: string) => void;
  onFilter: (filter: string) => void;
}): JSX.Element {
  return (
    <div className="ncp-df-controls">
      <label className="ncp-df-control">
        <span>Account</span>
        <select
          className="jp-mod-styled"
          value={props.accountId ?? ''}
          onChange={event => props.onSelectAccount(event.target.value)}
        >
          {props.accounts.map(account => (
            <option key={account.id} value={account.id}>
              {account.label}
            </option>
          ))}
        </select>
      </label>
      <input
        type="search"
        className="jp-mod-styled ncp-df-filter"
        aria-label="Filter workspaces"
        placeholder="Filter workspaces"
        title="Filter by name, image, GPU model, queue or id"
        value={props.filter}
        onChange={event => props.onFilter(event.target.value)}
      />
    </div>
  );
}
