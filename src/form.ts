/**
 * The new-workspace form's decisions, without React: which errors show, the
 * hint under the Create button and whether it may be pressed. The rules
 * themselves are the served schema's (validation.ts).
 */
import type { ReadonlyJSONObject } from '@lumino/coreutils';
import type { RJSFValidationError, UiSchema } from '@rjsf/utils';

import type { JSONObject } from './api';
import { errorsOfTouched } from './validation';

/** Field order and widgets only; every rule comes from the served schema. */
export const UI_SCHEMA: UiSchema<ReadonlyJSONObject> = {
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
export const ID_SEPARATOR = '.';

/** Is the name free in the account? (`key` is the account/name asked about.) */
export type Availability = {
  key: string;
  state: 'checking' | 'available' | 'taken' | 'failed';
  message?: string;
};

/** Where the form stands, as the hint and the Create button see it. */
export interface IFormState {
  creating: boolean;
  schema: JSONObject | null;
  schemaError: string | null;
  /** Every broken rule of the schema, touched fields or not. */
  errors: RJSFValidationError[];
  /** The server's problems with the last Create, until their field changes. */
  serverErrors: RJSFValidationError[];
  availability: Availability | null;
}

/** A string field of the form data ('' when unset). */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The property path of an rjsf field id (`root.name` → `.name`). */
export function propertyOf(id: string | undefined): string | undefined {
  return id?.startsWith('root') ? id.slice('root'.length) : undefined;
}

/**
 * The form's property path of a server problem's field: the server writes
 * `configuration.data.input[0].hdfs`, rjsf `.configuration.data.input.0.hdfs`.
 */
export function formProperty(field: string): string {
  return `.${field.replace(/\[(\d+)\]/g, '.$1')}`;
}

/** A 400 answer's problems as errors of the form's fields. */
export function problemErrors(
  problems: { field: string; message: string }[]
): RJSFValidationError[] {
  return problems.map(p => ({
    property: formProperty(p.field),
    message: p.message,
    stack: p.message
  }));
}

/** The availability is asked once the account and the name are valid. */
export function nameCheckable(
  errors: RJSFValidationError[],
  accountId: string,
  name: string
): boolean {
  const nameChecked = !errors.some(e =>
    ['.name', '.accountId'].includes(e.property ?? '')
  );
  return nameChecked && name !== '' && accountId !== '';
}

/** The errors shown: the touched fields', the server's and a taken name. */
export function shownErrors(
  state: IFormState,
  touched: ReadonlySet<string>
): RJSFValidationError[] {
  const { errors, serverErrors, availability } = state;
  const shown = [...errorsOfTouched(errors, touched), ...serverErrors];
  if (availability?.state === 'taken' && availability.message) {
    shown.push({
      property: '.name',
      message: availability.message,
      stack: availability.message
    });
  }
  return shown;
}

/** Create may be pressed once everything is checked and the name is free. */
export function canCreate(state: IFormState): boolean {
  return (
    state.schema !== null &&
    state.errors.length === 0 &&
    state.serverErrors.length === 0 &&
    state.availability?.state === 'available' &&
    !state.creating
  );
}

/** The status line beside the Create button: what is happening or missing. */
export function formHint(state: IFormState): string {
  const { creating, schema, schemaError, errors, availability } = state;
  if (creating) {
    return 'Creating the workspace…';
  }
  if (schema === null) {
    return schemaError ?? 'Loading the form…';
  }
  if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return `To create: ${errors[0].stack}${more}.`;
  }
  if (availability === null || availability.state === 'checking') {
    return 'Checking that the name is free…';
  }
  if (availability.state !== 'available') {
    return availability.message ?? '';
  }
  return '';
}
