import { Notification } from '@jupyterlab/apputils';
import { FormComponent, ReactWidget } from '@jupyterlab/ui-components';
import type { ReadonlyJSONObject } from '@lumino/coreutils';
import type { IChangeEvent } from '@rjsf/core';
import type {
  RJSFSchema,
  RJSFValidationError,
  UiSchema,
  ValidatorType
} from '@rjsf/utils';
import { toErrorSchema } from '@rjsf/utils';
import * as React from 'react';

import type { IDataForestAPI, JSONObject } from './api';
import { LabelledFieldTemplate } from './field-template';
import { frameworkOptions } from './frameworks';
import { treeIcon } from './icons';
import { RequestError } from './request';
import { messageOf } from './util';
import { createValidator, errorsOfTouched, wordErrors } from './validation';

/** Field order and widgets only; every rule comes from the served schema. */
const UI_SCHEMA: UiSchema<ReadonlyJSONObject> = {
  'ui:title': '',
  'ui:order': ['accountId', 'name', 'description', 'configuration', '*'],
  description: { 'ui:widget': 'textarea', 'ui:options': { rows: 2 } },
  configuration: {
    'ui:order': ['queueName', 'resource', 'docker', 'data', '*'],
    resource: { 'ui:order': ['gpuModel', 'gpuCount', 'cpuCount', 'memoryMb'] },
    docker: {
      'ui:order': ['image', 'command', 'args', 'workdir', 'env', '*']
    }
  }
};

/** rjsf ids use "." so an id maps to the property path of its errors. */
const ID_SEPARATOR = '.';

function propertyOf(id: string | undefined): string | undefined {
  return id?.startsWith('root') ? id.slice('root'.length) : undefined;
}

/**
 * The form's property path of a server problem's field: the server writes
 * `configuration.data.input[0].hdfs`, rjsf `.configuration.data.input.0.hdfs`.
 */
function formProperty(field: string): string {
  return `.${field.replace(/\[(\d+)\]/g, '.$1')}`;
}

type Availability = {
  key: string;
  state: 'checking' | 'available' | 'taken' | 'failed';
  message?: string;
};

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The schema for an account and framework, fetched when either changes. */
function useServedSchema(
  api: IDataForestAPI,
  accountId: string,
  framework: string
): { schema: JSONObject | null; error: string | null } {
  const [state, setState] = React.useState<{
    schema: JSONObject | null;
    error: string | null;
  }>({ schema: null, error: null });
  React.useEffect(() => {
    let current = true;
    api
      .schema(accountId || undefined, framework || undefined)
      .then(schema => current && setState({ schema, error: null }))
      .catch(
        (error: unknown) =>
          current && setState(s => ({ ...s, error: messageOf(error) }))
      );
    return () => {
      current = false;
    };
  }, [api, accountId, framework]);
  return state;
}

/** Is the name free in the account? Asked once the name itself is valid. */
function useNameAvailability(
  api: IDataForestAPI,
  accountId: string,
  name: string,
  checkable: boolean
): Availability | null {
  const [availability, setAvailability] = React.useState<Availability | null>(
    null
  );
  const key = `${accountId}/${name}`;
  React.useEffect(() => {
    if (!checkable) {
      setAvailability(null);
      return;
    }
    let current = true;
    setAvailability({ key, state: 'checking' });
    const timer = window.setTimeout(() => {
      api
        .nameAvailable(accountId, name)
        .then(answer => {
          if (current) {
            setAvailability({
              key,
              state: answer.available ? 'available' : 'taken',
              message: answer.message
            });
          }
        })
        .catch((error: unknown) => {
          if (current) {
            setAvailability({
              key,
              state: 'failed',
              message: messageOf(error)
            });
          }
        });
    }, 300);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [api, key, checkable]);
  return availability?.key === key ? availability : null;
}

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
  const { api, onCreated, onCancel } = props;
  const [formData, setFormData] = React.useState<ReadonlyJSONObject>(
    props.accountId ? { accountId: props.accountId } : {}
  );
  const [framework, setFramework] = React.useState('');
  const [touched, setTouched] = React.useState<ReadonlySet<string>>(new Set());
  const [serverErrors, setServerErrors] = React.useState<RJSFValidationError[]>(
    []
  );
  const [creating, setCreating] = React.useState(false);
  const [createError, setCreateError] = React.useState<string | null>(null);

  const accountId = text(formData.accountId);
  const name = text(formData.name);
  const { schema, error: schemaError } = useServedSchema(
    api,
    accountId,
    framework
  );
  // A new validator per served schema: ajv caches compiled schemas by `$id`.
  const validator: ValidatorType<ReadonlyJSONObject> = React.useMemo(
    () => createValidator<ReadonlyJSONObject>(),
    [schema]
  );
  const transformErrors = React.useMemo(
    () => (schema ? wordErrors(schema) : undefined),
    [schema]
  );
  const errors = React.useMemo(
    () =>
      schema
        ? validator.validateFormData(
            formData,
            schema as RJSFSchema,
            undefined,
            transformErrors
          ).errors
        : [],
    [validator, schema, formData, transformErrors]
  );
  const nameChecked = !errors.some(e =>
    ['.name', '.accountId'].includes(e.property ?? '')
  );
  const availability = useNameAvailability(
    api,
    accountId,
    name,
    schema !== null && nameChecked && name !== '' && accountId !== ''
  );

  const shown = [...errorsOfTouched(errors, touched), ...serverErrors];
  if (availability?.state === 'taken' && availability.message) {
    shown.push({
      property: '.name',
      message: availability.message,
      stack: availability.message
    });
  }
  const canCreate =
    schema !== null &&
    errors.length === 0 &&
    serverErrors.length === 0 &&
    availability?.state === 'available' &&
    !creating;

  const touch = (id: string | undefined): void => {
    const property = propertyOf(id);
    if (property && !touched.has(property)) {
      setTouched(new Set([...touched, property]));
    }
  };

  const onChange = (event: IChangeEvent<ReadonlyJSONObject>, id?: string) => {
    setFormData(event.formData ?? {});
    touch(id);
    const property = propertyOf(id);
    if (property && serverErrors.length > 0) {
      setServerErrors(serverErrors.filter(e => e.property !== property));
    }
  };

  const create = async (): Promise<void> => {
    setCreating(true);
    setCreateError(null);
    // Progress shows in the form (button, bar, status line). Only the outcome
    // is a notification: a pending toast updated later can stay stuck on
    // "in progress" when the request is quick (jupyterlab/jupyterlab#15558).
    try {
      const created = await api.createWorkspace(formData as JSONObject);
      Notification.success(
        `Created DataForest workspace ${name} (id ${text(created.id)}).`,
        { autoClose: 5000 }
      );
      onCreated(created);
    } catch (error) {
      const message = messageOf(error);
      Notification.error(message, { autoClose: false });
      setCreateError(message);
      if (error instanceof RequestError) {
        setServerErrors(
          error.problems.map(p => ({
            property: formProperty(p.field),
            message: p.message,
            stack: p.message
          }))
        );
      }
    } finally {
      setCreating(false);
    }
  };

  let hint = '';
  if (creating) {
    hint = 'Creating the workspace…';
  } else if (schema === null) {
    hint = schemaError ?? 'Loading the form…';
  } else if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    hint = `To create: ${errors[0].stack}${more}.`;
  } else if (availability === null || availability.state === 'checking') {
    hint = 'Checking that the name is free…';
  } else if (availability.state !== 'available') {
    hint = availability.message ?? '';
  }

  return (
    <div className="ncp-df-form-body">
      <h2 className="ncp-df-form-title">New DataForest workspace</h2>
      <label className="ncp-df-control">
        <span>Framework</span>
        <select
          className="jp-mod-styled"
          value={framework}
          disabled={creating}
          onChange={event => setFramework(event.target.value)}
        >
          {frameworkOptions(schema).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {schemaError && schema !== null && (
        <p className="ncp-df-notice ncp-df-error" role="alert">
          {schemaError}
        </p>
      )}
      {schema !== null && (
        <FormComponent
          schema={schema}
          uiSchema={UI_SCHEMA}
          formData={formData}
          formContext={{ defaultFormData: {} }}
          validator={validator}
          onChange={onChange}
          onBlur={id => touch(id)}
          extraErrors={toErrorSchema<ReadonlyJSONObject>(shown)}
          transformErrors={transformErrors}
          liveValidate={false}
          noHtml5Validate
          showErrorList={false}
          idSeparator={ID_SEPARATOR}
          templates={{ FieldTemplate: LabelledFieldTemplate }}
          disabled={creating}
        />
      )}
      <div className="ncp-df-form-footer">
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-accept"
          aria-describedby="ncp-df-form-hint"
          disabled={!canCreate}
          onClick={() => void create()}
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
      {createError && (
        <p className="ncp-df-notice ncp-df-error" role="alert">
          {createError}
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
