import { HTMLSelect, InputGroup } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IAccount } from '../api';
import { accountLabel, Trans } from '../i18n';

/** The account choice and the filter box above the list (they stay while it scrolls). */
export function AccountControls(props: {
  accounts: IAccount[];
  accountId: string | null;
  filter: string;
  disabled: boolean;
  trans: Trans;
  onSelectAccount: (accountId: string) => void;
  onFilter: (filter: string) => void;
}): JSX.Element {
  const { trans } = props;
  const id = React.useId();
  return (
    <div className="ncp-df-controls">
      <div className="ncp-df-control">
        <label htmlFor={id}>{trans.__('Account')}</label>
        <HTMLSelect
          id={id}
          className="ncp-df-account"
          value={props.accountId ?? ''}
          disabled={props.disabled}
          onChange={event => props.onSelectAccount(event.target.value)}
          options={props.accounts.map(account => ({
            value: account.id,
            label: accountLabel(account, trans)
          }))}
        />
      </div>
      <InputGroup
        type="search"
        className="ncp-df-filter"
        rightIcon="ui-components:search"
        aria-label={trans.__('Filter workspaces')}
        placeholder={trans.__('Filter workspaces')}
        title={trans.__('Filter by name, image, GPU model, queue or id')}
        value={props.filter}
        onChange={event => props.onFilter(event.target.value)}
      />
    </div>
  );
}
