import * as React from 'react';

/** Create and Cancel, the progress bar while creating, and the form's hint. */
export function FormFooter(props: {
  canCreate: boolean;
  creating: boolean;
  hint: string;
  onCreate: () => void;
  onCancel: () => void;
}): JSX.Element {
  const { canCreate, creating, hint, onCreate, onCancel } = props;
  return (
    <div className="ncp-df-form-footer">
      <button
        type="button"
        className="jp-Button jp-mod-styled jp-mod-accept"
        aria-describedby="ncp-df-form-hint"
        disabled={!canCreate}
        onClick={onCreate}
      >
        {creating ? 'Creating…' : 'Create'}
      </button>
      <button
        type="button"
        className="jp-Button jp-mod-styled jp-mod-reject"
        disabled={creating}
        onClick={onCancel}
      >
        Cancel
      </button>
      {creating && <progress aria-label="Creating the workspace" />}
      <span id="ncp-df-form-hint" className="ncp-df-form-hint" role="status">
        {hint}
      </span>
    </div>
  );
}
