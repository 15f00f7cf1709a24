import { FormComponent, ReactWidget } from '@jupyterlab/ui-components';
import type { ReadonlyJSONObject } from '@lumino/coreutils';
import { toErrorSchema } from '@rjsf/utils';
import * as React from 'react';

import type { IDataForestAPI, JSONObject } from '../api';
import { canCreate, formHint, ID_SEPARATOR, UI_SCHEMA } from '../form';
import { frameworkOptions } from '../frameworks';
import { useNewWorkspaceForm } from '../hooks';
import { treeIcon } from '../icons';
import { LabelledFieldTemplate } from './FieldTemplate';
import { FormFooter } from './FormFooter';
import { FrameworkSelect } from './FrameworkSelect';

export interface INewWorkspaceFormProps {
  api: IDataForestAPI;
  accountId: string | null;
  onCreated: (created: JSONObject) => void;
  onCancel: () => void;
}

/**
 * The new-workspace form: generated from the served schema by JupyterLab's
 * FormComponent (rjsf + ajv), checked live, with the name's availability.
 */
function NewWorkspaceForm(props: INewWorkspaceFormProps): JSX.Element {
  const form = useNewWorkspaceForm(props.api, props.accountId, props.onCreated);
  const { state } = form;
  const { schema, schemaError, creating } = state;
  return (
    <div className="ncp-df-form-body">
      <h2 className="ncp-df-form-title">New DataForest workspace</h2>
      <FrameworkSelect
        value={form.framework}
        options={frameworkOptions(schema)}
        disabled={creating}
        onChange={form.setFramework}
      />
      {schemaError && schema !== null && (
        <p className="ncp-df-notice ncp-df-error" role="alert">
          {schemaError}
        </p>
      )}
      {schema !== null && (
        <FormComponent
          schema={schema}
          uiSchema={UI_SCHEMA}
          formData={form.formData}
          formContext={{ defaultFormData: {} }}
          validator={form.validator}
          onChange={form.onChange}
          onBlur={form.onBlur}
          extraErrors={toErrorSchema<ReadonlyJSONObject>(form.shown)}
          transformErrors={form.transformErrors}
          liveValidate={false}
          noHtml5Validate
          showErrorList={false}
          idSeparator={ID_SEPARATOR}
          templates={{ FieldTemplate: LabelledFieldTemplate }}
          disabled={creating}
        />
      )}
      <FormFooter
        canCreate={canCreate(state)}
        creating={creating}
        hint={formHint(state)}
        onCreate={form.create}
        onCancel={props.onCancel}
      />
      {form.createError && (
        <p className="ncp-df-notice ncp-df-error" role="alert">
          {form.createError}
        </p>
      )}
    </div>
  );
}

/** The form in a main-area tab. */
export class NewWorkspacePanel extends ReactWidget {
  constructor(
    private readonly _props: Omit<INewWorkspaceFormProps, 'onCancel'>
  ) {
    super();
    this.id = `ncp-df-new-workspace-${++NewWorkspacePanel._count}`;
    this.addClass('ncp-df-form-panel');
    this.title.label = 'New workspace';
    this.title.caption = 'New DataForest workspace';
    this.title.icon = treeIcon;
    this.title.closable = true;
  }

  protected override render(): JSX.Element {
    return <NewWorkspaceForm {...this._props} onCancel={() => this.close()} />;
  }

  private static _count = 0;
}
