import * as React from 'react';

import type { IFormField } from '../../api';
import { describeFailure } from '../../failure';
import { canSubmit, formHint, IFieldError } from '../../form';
import { IWorkspaceFormOptions, useWorkspaceForm } from '../../formState';
import type { Trans } from '../../i18n';
import { PATIENCE_SECONDS, useElapsed, waitingText } from '../ListStatus';
import { FailureView } from '../FailureView';
import { FieldInput } from './FieldInput';
import { FieldShell } from './FieldShell';
import { FormFooter } from './FormFooter';

/** Fields shown but not changed when editing (the workspace is chosen). */
const FIXED_WHEN_EDITING = new Set(['accountId', 'name', 'description']);

/** A field's own broken rules, and those of each of its rows. */
function errorsOf(
  shown: IFieldError[],
  key: string
): { own: string[]; rows: Record<number, string[]> } {
  const own: string[] = [];
  const rows: Record<number, string[]> = {};
  for (const error of shown) {
    if (error.place?.field !== key) {
      continue;
    }
    if (error.place.row === undefined) {
      own.push(error.message);
    } else {
      (rows[error.place.row] ??= []).push(error.message);
    }
  }
  return { own: [...new Set(own)], rows };
}

/** A progress bar, and after a few seconds how long the server will wait at most. */
function Loading(props: {
  since: number | null;
  label: string;
  budget?: number;
  trans: Trans;
}): JSX.Element | null {
  const waited = useElapsed(props.since);
  if (props.since === null) {
    return null;
  }
  return (
    <div className="ncp-df-loading" role="status">
      <progress className="ncp-df-progress" aria-label={props.label} />
      <span>{props.label}</span>
      {waited >= PATIENCE_SECONDS && (
        <span>{waitingText(props.trans, props.budget)}</span>
      )}
    </div>
  );
}

/**
 * The create/edit form: the core's groups (Basics, Resources, Container,
 * Data) and fields in its order, labels, defaults and help texts, checked as
 * you type with the served schema; Ctrl+Enter creates (saves), Esc cancels.
 */
export function WorkspaceForm(props: {
  options: IWorkspaceFormOptions;
  close: () => void;
  /** Esc: the dialog (Notebook) handles it itself. */
  escapeCloses: boolean;
}): JSX.Element {
  const { options } = props;
  const { trans } = options;
  const form = useWorkspaceForm(options, props.close);
  const { served, values, state } = form;
  const editing = options.mode === 'edit';
  const busy = state.submitting || state.done;
  const loadFailure = served.failure ?? form.configuration?.failure ?? null;

  // Once the fields are there: the name (a new workspace), else the first one to change.
  const node = React.useRef<HTMLDivElement>(null);
  const loaded = values !== null;
  React.useEffect(() => {
    const first = node.current?.querySelector<HTMLElement>(
      editing
        ? '.ncp-df-group :is(input, select, textarea):not(:disabled)'
        : '[data-field="name"] input'
    );
    first?.focus();
  }, [loaded]);

  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.submit();
    } else if (event.key === 'Escape' && props.escapeCloses && !busy) {
      event.preventDefault();
      props.close();
    }
  };

  const field = (one: IFormField): JSX.Element | null => {
    if (values === null || (editing && one.widget === 'start-from')) {
      return null;
    }
    const errors = errorsOf(form.shown, one.key);
    const rows = ['key-value', 'number-list', 'rows'].includes(one.widget);
    return (
      <FieldShell
        key={one.key}
        field={one}
        trans={trans}
        errors={errors.own}
        group={rows}
      >
        {input => (
          <FieldInput
            field={one}
            input={input}
            value={values[one.key] ?? ''}
            disabled={busy || (editing && FIXED_WHEN_EDITING.has(one.key))}
            trans={trans}
            onChange={value => form.setValue(one.key, value)}
            onBlur={() => form.touch(one.key)}
            rowErrors={errors.rows}
            frameworks={served.value?.frameworks ?? []}
            framework={form.framework}
            onFramework={form.setFramework}
            startFromChoices={form.startFromChoices}
            startFrom={form.startFrom}
            onStartFrom={form.chooseStartFrom}
          />
        )}
      </FieldShell>
    );
  };

  const fields = served.value?.fields ?? [];
  const unplaced = form.shown.filter(e => e.place === undefined);
  return (
    <div className="ncp-df-form" ref={node} onKeyDown={onKeyDown}>
      {loadFailure !== null && (
        <FailureView
          failure={describeFailure(loadFailure, trans)}
          trans={trans}
        >
          <button
            type="button"
            className="jp-Button jp-mod-styled"
            onClick={() => {
              served.retry();
              form.configuration?.retry();
            }}
          >
            {trans.__('Try again')}
          </button>
        </FailureView>
      )}
      <Loading
        since={served.since ?? form.configuration?.since ?? null}
        label={trans.__('Loading the form…')}
        budget={options.budget}
        trans={trans}
      />
      {values !== null &&
        (served.value?.groups ?? []).map(group => (
          <fieldset key={group.id} className="ncp-df-group">
            <legend>{trans.__(group.title)}</legend>
            {fields.filter(f => f.group === group.id).map(field)}
          </fieldset>
        ))}
      {unplaced.length > 0 && (
        <ul className="ncp-df-field-errors">
          {unplaced.map(error => (
            <li key={error.stack}>{error.stack}</li>
          ))}
        </ul>
      )}
      <FormFooter
        mode={options.mode}
        canSubmit={canSubmit(state)}
        submitting={state.submitting}
        hint={formHint(state, trans)}
        failure={form.submitFailure}
        trans={trans}
        onSubmit={form.submit}
        onCancel={props.close}
      />
    </div>
  );
}
