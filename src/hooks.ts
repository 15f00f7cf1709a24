/**
 * The workspace form's React hooks: the served form, the checks made with its
 * schema, the name's availability, the account's workspaces (Start from) and
 * the submit request. useWorkspaceForm (formState.ts) puts them together.
 */
import type {
  RJSFValidationError,
  RJSFSchema,
  ValidatorType
} from '@rjsf/utils';
import * as React from 'react';

import type {
  IDataForestAPI,
  IServedForm,
  IWorkspace,
  JSONObject
} from './api';
import type { Availability } from './form';
import type { Trans } from './i18n';
import { createValidator, wordErrors } from './validation';

/** A request's progress: what came back, what failed, since when it is waited for. */
export interface ILoad<T> {
  value: T | null;
  failure: unknown;
  /** When the request under way started (ms); null when none is. */
  since: number | null;
  retry: () => void;
}

/** The answer of `call`, fetched again whenever one of `deps` changes. */
export function useLoad<T>(
  call: (() => Promise<T>) | null,
  deps: React.DependencyList
): ILoad<T> {
  const [value, setValue] = React.useState<T | null>(null);
  const [failure, setFailure] = React.useState<unknown>(null);
  const [since, setSince] = React.useState<number | null>(null);
  const [attempt, setAttempt] = React.useState(0);
  React.useEffect(() => {
    if (call === null) {
      return;
    }
    let current = true;
    setSince(Date.now());
    call()
      .then(answer => {
        if (current) {
          setValue(answer);
          setFailure(null);
        }
      })
      .catch((error: unknown) => current && setFailure(error))
      .finally(() => current && setSince(null));
    return () => {
      current = false;
    };
  }, [...deps, attempt]);
  return { value, failure, since, retry: () => setAttempt(attempt + 1) };
}

/** The form's description and rules for an account and framework. */
export function useServedForm(
  api: IDataForestAPI,
  accountId: string,
  framework: string
): ILoad<IServedForm> {
  return useLoad(
    () => api.form(accountId || undefined, framework || undefined),
    [api, accountId, framework]
  );
}

/** The account's workspaces, newest first (the "Start from" choices). */
export function useAccountWorkspaces(
  api: IDataForestAPI,
  accountId: string,
  wanted: boolean
): IWorkspace[] {
  const load = useLoad(
    wanted && accountId ? () => api.workspaces(accountId) : null,
    [api, accountId, wanted]
  );
  return load.value ?? [];
}

/** The served schema's broken rules for a request body, in its own (translated) words. */
export function useChecks(
  schema: JSONObject | null,
  body: JSONObject,
  trans: Trans
): RJSFValidationError[] {
  // A new validator per served schema: ajv caches compiled schemas by `$id`.
  const validator: ValidatorType<JSONObject> | null = React.useMemo(
    () => (schema ? createValidator<JSONObject>(schema) : null),
    [schema]
  );
  const transform = React.useMemo(
    () => (schema ? wordErrors(schema, trans) : undefined),
    [schema, trans]
  );
  return React.useMemo(
    () =>
      validator && schema
        ? validator.validateFormData(
            body,
            schema as RJSFSchema,
            undefined,
            transform
          ).errors
        : [],
    [validator, schema, body, transform]
  );
}

/** Is the name free in the account? Asked once the name itself is valid. */
export function useNameAvailability(
  api: IDataForestAPI,
  accountId: string,
  name: string,
  checkable: boolean,
  trans: Trans
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
              message: answer.available
                ? undefined
                : trans.__(
                    '%1 is already used by another workspace of this account.',
                    name
                  )
            });
          }
        })
        .catch(() => {
          if (current) {
            setAvailability({
              key,
              state: 'failed',
              message: trans.__(
                'Could not check whether the name is free; try again in a moment.'
              )
            });
          }
        });
    }, 300);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [api, key, checkable, trans]);
  return availability?.key === key ? availability : null;
}
