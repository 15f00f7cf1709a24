/**
 * The workspace form's decisions, without React: where each broken rule is
 * shown, the hint beside the Create (Save) button and whether it may be
 * pressed. The rules themselves are the served schema's (validation.ts).
 */
import type { RJSFValidationError } from '@rjsf/utils';

import type { IFormField } from './api';
import { IPlace, placeOf, RowPlaces } from './formValues';
import type { Trans } from './i18n';

/** Is the name free in the account? (`key` is the account/name asked about.) */
export type Availability = {
  key: string;
  state: 'checking' | 'available' | 'taken' | 'failed';
  message?: string;
};

/** A broken rule, where the form shows it. */
export interface IFieldError {
  /** undefined: no field has it (shown under the form). */
  place: IPlace | undefined;
  /** The rule ("must start with a lowercase letter…"). */
  message: string;
  /** The whole sentence ("Name must start with…"). */
  stack: string;
}

/** Where the form stands, as the hint and the button see it. */
export interface IFormState {
  mode: 'create' | 'edit';
  /** The form's description and rules have arrived. */
  loaded: boolean;
  submitting: boolean;
  /** Created (or saved): nothing more is asked, the form is closing. */
  done: boolean;
  /** Every broken rule, shown or not yet. */
  errors: IFieldError[];
  /** The server's problems with the last submit, until their field changes. */
  serverErrors: IFieldError[];
  /** null in edit mode (the name is not changed there). */
  availability: Availability | null;
}

/** Broken rules, placed in the form. */
export function placeErrors(
  errors: RJSFValidationError[],
  fields: IFormField[],
  places: RowPlaces
): IFieldError[] {
  return errors.map(error => ({
    place: placeOf(error.property ?? '', fields, places),
    message: error.message ?? '',
    stack: error.stack
  }));
}

/**
 * The form's property path of a server problem's field: the server writes
 * `configuration.data.input[0].hdfs`, the checks `.configuration.data.input.0.hdfs`.
 */
export function formProperty(field: string): string {
  return `.${field.replace(/\[(\d+)\]/g, '.$1')}`;
}

/** A 400 answer's problems as errors of the form's fields. */
export function problemErrors(
  problems: { field: string; message: string }[],
  fields: IFormField[],
  places: RowPlaces
): IFieldError[] {
  return problems.map(p => ({
    place: placeOf(formProperty(p.field), fields, places),
    message: p.message,
    stack: p.message
  }));
}

/** The availability is asked once the account and the name are valid. */
export function nameCheckable(
  errors: IFieldError[],
  accountId: string,
  name: string
): boolean {
  const checked = !errors.some(e =>
    ['name', 'accountId'].includes(e.place?.field ?? '')
  );
  return checked && name !== '' && accountId !== '';
}

/** The errors shown: the touched fields' (all after a submit attempt), the server's. */
export function shownErrors(
  state: IFormState,
  touched: ReadonlySet<string>,
  all: boolean
): IFieldError[] {
  const own = state.errors.filter(
    e => all || (e.place !== undefined && touched.has(e.place.field))
  );
  return [...own, ...state.serverErrors];
}

/** The create (save) button may be pressed once everything is checked. */
export function canSubmit(state: IFormState): boolean {
  const free =
    state.mode === 'edit' || state.availability?.state === 'available';
  return (
    state.loaded &&
    state.errors.length === 0 &&
    state.serverErrors.length === 0 &&
    free &&
    !state.submitting &&
    !state.done
  );
}

/** The status line beside the button: what is happening or missing. */
export function formHint(state: IFormState, trans: Trans): string {
  const { submitting, loaded, errors, availability, mode } = state;
  if (submitting) {
    return mode === 'edit'
      ? trans.__('Saving the configuration…')
      : trans.__('Creating the workspace…');
  }
  if (state.done || !loaded) {
    return '';
  }
  if (errors.length > 0) {
    const first = errors[0].stack;
    return errors.length > 1
      ? trans._n(
          'To continue: %2 (and %1 more).',
          'To continue: %2 (and %1 more).',
          errors.length - 1,
          first
        )
      : trans.__('To continue: %1.', first);
  }
  if (mode === 'create') {
    if (availability === null || availability.state === 'checking') {
      return trans.__('Checking that the name is free…');
    }
    if (availability.state !== 'available') {
      return availability.message ?? '';
    }
  }
  return '';
}
