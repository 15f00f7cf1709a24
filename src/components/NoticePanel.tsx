import * as React from 'react';

import { describeFailure } from '../failure';
import type { Trans } from '../i18n';
import type { Notice } from '../model';
import { FailureView, WithCode } from './FailureView';

/** Why the panel shows no (fresh) workspaces, and what to do about it. */
export function NoticePanel(props: {
  notice: Notice;
  endpoint: string | null;
  trans: Trans;
}): JSX.Element {
  const { notice, endpoint, trans } = props;
  switch (notice.kind) {
    case 'extension':
      return (
        <div className="ncp-df-notice ncp-df-error" role="alert">
          <WithCode
            text={trans.__(
              'The DataForest server extension is not available: run `pip install ncp-df-jupyter` in the environment of the Jupyter server and restart it (check with `jupyter server extension list`).'
            )}
          />
        </div>
      );
    case 'credentials':
      return (
        <FailureView
          failure={describeFailure(notice.error, trans)}
          trans={trans}
        >
          <p>
            {trans.__(
              'DataForest credentials are not usable. This is about the environment of the Jupyter server; fix it there, then press Refresh.'
            )}
          </p>
          {endpoint && <p>{trans.__('Endpoint: %1', endpoint)}</p>}
        </FailureView>
      );
    case 'jupyter':
    case 'error':
      return (
        <FailureView
          failure={describeFailure(notice.error, trans)}
          trans={trans}
        />
      );
  }
}
