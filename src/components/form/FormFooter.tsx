import * as React from 'react';

import type { IFailure } from '../../failure';
import type { Trans } from '../../i18n';
import { FailureView } from '../FailureView';

/** Create (or Save) and Cancel, the progress while sending, the hint and a failure. */
export function FormFooter(props: {
  mode: 'create' | 'edit';
  canSubmit: boolean;
  submitting: boolean;
  hint: string;
  failure: IFailure | null;
  trans: Trans;
  onSubmit: () => void;
  onCancel: () => void;
}): JSX.Element {
  const { mode, submitting, trans } = props;
  const hintId = React.useId();
  const action = mode === 'edit' ? trans.__('Save') : trans.__('Create');
  return (
    <div className="ncp-df-form-footer">
      {props.failure && <FailureView failure={props.failure} trans={trans} />}
      <div className="ncp-df-form-buttons">
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-accept"
          aria-describedby={hintId}
          aria-keyshortcuts="Control+Enter"
          title={trans.__('%1 (Ctrl+Enter)', action)}
          disabled={!props.canSubmit}
          onClick={props.onSubmit}
        >
          {submitting
            ? mode === 'edit'
              ? trans.__('Saving…')
              : trans.__('Creating…')
            : action}
        </button>
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-reject"
          aria-keyshortcuts="Escape"
          title={trans.__('Cancel (Esc)')}
          disabled={submitting}
          onClick={props.onCancel}
        >
          {trans.__('Cancel')}
        </button>
        {submitting && (
          <progress
            className="ncp-df-progress"
            aria-label={
              mode === 'edit'
                ? trans.__('Saving the configuration')
                : trans.__('Creating the workspace')
            }
          />
        )}
        <span id={hintId} className="ncp-df-form-hint" role="status">
          {props.hint}
        </span>
      </div>
    </div>
  );
}
