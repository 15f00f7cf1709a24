/**
 * The new-workspace form's React hooks: the served schema, the checks made
 * with it, the name's availability and the Create request, and the form's
 * state made of them.
 */
import { Notification } from '@jupyterlab/apputils';
import type { ReadonlyJSONObject } from '@lumino/coreutils';
import type { IChangeEvent } from '@rjsf/core';
import type {
  RJSFSchema,
  RJSFValidationError,
  ValidatorType
} from '@rjsf/utils';
import * as React from 'react';

import type { IDataForestAPI, JSONObject } from './api';
import {
  Availability,
  IFormState,
  nameCheckable,
  problemErrors,
  propertyOf,
  shownErrors,
  text
} from './form';
import { RequestError } from './request';
import { messageOf } from './util';
import { createValidator, wordErrors } from './validation';

/** The schema for an account and framework, fetched when either changes. */
export function useServedSchema(
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

/** The served schema's validator and its broken rules, in its own words. */
export function useSchemaChecks(
  schema: JSONObject | null,
  formData: ReadonlyJSONObject
): {
  validator: ValidatorType<ReadonlyJSONObject>;
  transformErrors: ReturnType<typeof wordErrors> | undefined;
  errors: RJSFValidationError[];
} {
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
  return { validator, transformErrors, errors };
}

/** Is the name free in the account? Asked once the name itself is valid. */
export function useNameAvailability(
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

/** The fields a person has changed or left (rjsf property paths). */
export function useTouched(): {
  touched: ReadonlySet<string>;
  touch: (property: string | undefined) => void;
} {
  const [touched, setTouched] = React.useState<ReadonlySet<string>>(new Set());
  const touch = (property: string | undefined): void => {
    if (property && !touched.has(property)) {
      setTouched(new Set([...touched, property]));
    }
  };
  return { touched, touch };
}

/** The Create request: its progress, its failure and the server's problems. */
export function useCreateRequest(
  api: IDataForestAPI,
  onCreated: (created: JSONObject) => void
): {
  creating: boolean;
  createError: string | null;
  serverErrors: RJSFValidationError[];
  create: (formData: ReadonlyJSONObject) => Promise<void>;
  /** A changed field's server problems are gone (they were about the old value). */
  clearServerErrors: (property: string | undefined) => void;
} {
  const [creating, setCreating] = React.useState(false);
  const [createError, setCreateError] = React.useState<string | null>(null);
  const [serverErrors, setServerErrors] = React.useState<RJSFValidationError[]>(
    []
  );
  const create = async (formData: ReadonlyJSONObject): Promise<void> => {
    setCreating(true);
    setCreateError(null);
    // Progress shows in the form (button, bar, status line). Only the outcome
    // is a notification: a pending toast updated later can stay stuck on
    // "in progress" when the request is quick (jupyterlab/jupyterlab#15558).
    try {
      const created = await api.createWorkspace(formData as JSONObject);
      Notification.success(
        `Created DataForest workspace ${text(formData.name)} (id ${text(created.id)}).`,
        { autoClose: 5000 }
      );
      onCreated(created);
    } catch (error) {
      const message = messageOf(error);
      Notification.error(message, { autoClose: false });
      setCreateError(message);
      if (error instanceof RequestError) {
        setServerErrors(problemErrors(error.problems));
      }
    } finally {
      setCreating(false);
    }
  };
  const clearServerErrors = (property: string | undefined): void => {
    if (property && serverErrors.length > 0) {
      setServerErrors(serverErrors.filter(e => e.property !== property));
    }
  };
  return { creating, createError, serverErrors, create, clearServerErrors };
}

/** What the new-workspace form renders and the handlers it passes on. */
export interface INewWorkspaceForm {
  formData: ReadonlyJSONObject;
  framework: string;
  setFramework: (framework: string) => void;
  validator: ValidatorType<ReadonlyJSONObject>;
  transformErrors: ReturnType<typeof wordErrors> | undefined;
  state: IFormState;
  /** The errors shown beside their fields. */
  shown: RJSFValidationError[];
  createError: string | null;
  onChange: (event: IChangeEvent<ReadonlyJSONObject>, id?: string) => void;
  onBlur: (id: string) => void;
  create: () => void;
}

/** The new-workspace form's state, from its data to the Create request. */
export function useNewWorkspaceForm(
  api: IDataForestAPI,
  initialAccountId: string | null,
  onCreated: (created: JSONObject) => void
): INewWorkspaceForm {
  const [formData, setFormData] = React.useState<ReadonlyJSONObject>(
    initialAccountId ? { accountId: initialAccountId } : {}
  );
  const [framework, setFramework] = React.useState('');
  const { touched, touch } = useTouched();
  const accountId = text(formData.accountId);
  const name = text(formData.name);
  const served = useServedSchema(api, accountId, framework);
  const checks = useSchemaChecks(served.schema, formData);
  const availability = useNameAvailability(
    api,
    accountId,
    name,
    served.schema !== null && nameCheckable(checks.errors, accountId, name)
  );
  const request = useCreateRequest(api, onCreated);
  const state: IFormState = {
    creating: request.creating,
    schema: served.schema,
    schemaError: served.error,
    errors: checks.errors,
    serverErrors: request.serverErrors,
    availability
  };
  return {
    formData,
    framework,
    setFramework,
    validator: checks.validator,
    transformErrors: checks.transformErrors,
    state,
    shown: shownErrors(state, touched),
    createError: request.createError,
    onChange: (event, id) => {
      setFormData(event.formData ?? {});
      touch(propertyOf(id));
      request.clearServerErrors(propertyOf(id));
    },
    onBlur: id => touch(propertyOf(id)),
    create: () => void request.create(formData)
  };
}
