/**
 * The workspace form's state, from what it shows to the submit: the served
 * form and its checks (hooks.ts), the values (formValues.ts), the touched
 * fields, Start from, and Create (or Save, when editing).
 */
import { Notification } from '@jupyterlab/apputils';
import * as React from 'react';

import type {
  IDataForestAPI,
  IFormField,
  IServedForm,
  IWorkspace,
  JSONObject
} from './api';
import { describeFailure, IFailure } from './failure';
import {
  canSubmit,
  IFieldError,
  IFormState,
  nameCheckable,
  placeErrors,
  problemErrors,
  shownErrors
} from './form';
import {
  FieldValue,
  FormValues,
  initialValues,
  requestBody,
  withConfiguration
} from './formValues';
import {
  ILoad,
  useAccountWorkspaces,
  useChecks,
  useLoad,
  useNameAvailability,
  useServedForm
} from './hooks';
import type { Trans } from './i18n';
import { RequestError } from './request';
import { sortWorkspaces } from './sorting';
import { isObject, plain } from './util';

/** What a form is opened for. */
export type FormPurpose =
  | { mode: 'create'; startFrom?: IWorkspace }
  | { mode: 'edit'; workspace: IWorkspace };

export type IWorkspaceFormOptions = FormPurpose & {
  api: IDataForestAPI;
  trans: Trans;
  /** The account preselected (the sidebar's). */
  accountId: string | null;
  /** How long the server waits for one DataForest call (shown while waiting). */
  budget?: number;
  /** After a create or save (the sidebar refreshes its list). */
  onDone: () => void;
};

/** What the form view renders and the handlers it calls. */
export interface IWorkspaceForm {
  served: ILoad<IServedForm>;
  /** The edited workspace's configuration (edit mode). */
  configuration: ILoad<JSONObject | null> | null;
  values: FormValues | null;
  state: IFormState;
  /** The errors shown, placed. */
  shown: IFieldError[];
  framework: string;
  setFramework: (framework: string) => void;
  startFrom: string;
  startFromChoices: IWorkspace[];
  chooseStartFrom: (workspaceId: string) => void;
  submitFailure: IFailure | null;
  setValue: (key: string, value: FieldValue) => void;
  touch: (key: string) => void;
  submit: () => void;
}

/** The text of a value ('' for rows). */
function textOf(values: FormValues | null, key: string): string {
  const value = values?.[key];
  return typeof value === 'string' ? value.trim() : '';
}

/** A new form's values: defaults, the account, then Start from or the edited workspace. */
function firstValues(
  fields: IFormField[],
  options: IWorkspaceFormOptions,
  configuration: JSONObject | null
): FormValues {
  let values = initialValues(fields);
  if (options.accountId && !values.accountId) {
    values.accountId = options.accountId;
  }
  if (options.mode === 'edit') {
    const { workspace } = options;
    values = withConfiguration(values, fields, configuration);
    values.name = workspace.name;
    values.description = workspace.description ?? '';
  } else if (options.startFrom) {
    values = withConfiguration(values, fields, options.startFrom.configuration);
  }
  return values;
}

/** What an edited configuration keeps that the form does not show (its name). */
function keptOf(configuration: JSONObject | null | undefined): JSONObject {
  return isObject(configuration) && typeof configuration.name === 'string'
    ? { name: configuration.name }
    : {};
}

/** Create or save, with the progress, the failure and the server's problems. */
function useSubmit(
  options: IWorkspaceFormOptions,
  close: () => void
): {
  submitting: boolean;
  done: boolean;
  failure: IFailure | null;
  problems: { field: string; message: string }[];
  send: (body: JSONObject) => Promise<void>;
  clearProblems: () => void;
} {
  const { api, trans } = options;
  const [submitting, setSubmitting] = React.useState(false);
  const [done, setDone] = React.useState(false);
  const [failure, setFailure] = React.useState<IFailure | null>(null);
  const [problems, setProblems] = React.useState<
    { field: string; message: string }[]
  >([]);
  const send = async (body: JSONObject): Promise<void> => {
    setSubmitting(true);
    setFailure(null);
    try {
      if (options.mode === 'edit') {
        const configuration = isObject(body.configuration)
          ? body.configuration
          : {};
        await api.setConfiguration(options.workspace.id, configuration);
        Notification.success(
          trans.__('Saved the configuration of %1.', options.workspace.name),
          { autoClose: 5000 }
        );
      } else {
        const created = await api.createWorkspace(body);
        Notification.success(
          trans.__(
            'Created DataForest workspace %1 (id %2).',
            plain(body.name),
            plain(created.id)
          ),
          { autoClose: 5000 }
        );
      }
      // Nothing more is asked of the service (the name is taken now: by us).
      setDone(true);
      options.onDone();
      close();
    } catch (error) {
      setFailure(describeFailure(error, trans));
      if (error instanceof RequestError) {
        setProblems(error.problems);
      }
    } finally {
      setSubmitting(false);
    }
  };
  return {
    submitting,
    done,
    failure,
    problems,
    send,
    clearProblems: () => problems.length > 0 && setProblems([])
  };
}

/** The workspace form's state. */
export function useWorkspaceForm(
  options: IWorkspaceFormOptions,
  close: () => void
): IWorkspaceForm {
  const { api, trans, mode } = options;
  const [values, setValues] = React.useState<FormValues | null>(null);
  const [framework, setFramework] = React.useState('');
  const [startFrom, setStartFrom] = React.useState(
    options.mode === 'create' ? (options.startFrom?.id ?? '') : ''
  );
  const [touched, setTouched] = React.useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = React.useState(false);
  const accountId = textOf(values, 'accountId') || (options.accountId ?? '');
  const served = useServedForm(api, accountId, framework);
  const editing = options.mode === 'edit' ? options.workspace.id : null;
  const configuration = useLoad(
    editing
      ? () => api.configuration(editing).then(a => a.configuration)
      : null,
    [api, editing]
  );
  const fields = served.value?.fields ?? [];
  const ready =
    served.value !== null && (editing === null || configuration.since === null);

  React.useEffect(() => {
    if (values === null && ready && served.value) {
      setValues(firstValues(served.value.fields, options, configuration.value));
    }
    // Once: later answers (another account, framework) keep what was typed.
  }, [ready]);

  const kept = keptOf(
    options.mode === 'edit'
      ? (configuration.value ?? options.workspace.configuration)
      : null
  );
  const { body, places } = React.useMemo(
    () => requestBody(fields, values ?? {}, kept),
    [fields, values, kept.name]
  );
  const checks = useChecks(served.value?.schema ?? null, body, trans);
  const errors = placeErrors(checks, fields, places);
  const request = useSubmit(options, close);
  const name = textOf(values, 'name');
  const availability = useNameAvailability(
    api,
    accountId,
    name,
    mode === 'create' &&
      !request.done &&
      values !== null &&
      nameCheckable(errors, accountId, name),
    trans
  );
  const state: IFormState = {
    mode,
    loaded: values !== null,
    submitting: request.submitting,
    done: request.done,
    errors,
    serverErrors: problemErrors(request.problems, fields, places),
    availability: mode === 'create' ? availability : null
  };
  const shown = shownErrors(state, touched, tried);
  if (availability?.state === 'taken' && availability.message) {
    shown.push({
      place: { field: 'name' },
      message: availability.message,
      stack: availability.message
    });
  }
  const choices = sortWorkspaces(
    useAccountWorkspaces(api, accountId, mode === 'create'),
    'newest'
  );
  const touch = (key: string): void => {
    if (!touched.has(key)) {
      setTouched(new Set([...touched, key]));
    }
  };
  return {
    served,
    configuration: editing ? configuration : null,
    values,
    state,
    shown,
    framework,
    setFramework,
    startFrom,
    startFromChoices: choices,
    chooseStartFrom: workspaceId => {
      setStartFrom(workspaceId);
      // The empty choice keeps what the fields hold.
      const chosen = choices.find(w => w.id === workspaceId);
      if (chosen && values) {
        setValues(withConfiguration(values, fields, chosen.configuration));
        request.clearProblems();
      }
    },
    submitFailure: request.failure,
    setValue: (key, value) => {
      setValues(current => ({ ...(current ?? {}), [key]: value }));
      touch(key);
      request.clearProblems();
    },
    touch,
    submit: () => {
      setTried(true);
      if (canSubmit(state)) {
        void request.send(body);
      }
    }
  };
}
