import type { RJSFValidationError } from '@rjsf/utils';

import {
  canSubmit,
  formHint,
  formProperty,
  IFormState,
  nameCheckable,
  placeErrors,
  problemErrors,
  shownErrors
} from '../form';
import { english } from './english';
import { FIELDS } from './fixtures';

function state(more: Partial<IFormState> = {}): IFormState {
  return {
    mode: 'create',
    loaded: true,
    submitting: false,
    done: false,
    errors: [],
    serverErrors: [],
    availability: { key: 'Acc1/train-1', state: 'available' },
    ...more
  };
}

const NAME_ERROR = {
  place: { field: 'name' },
  message: 'must start with a letter',
  stack: 'Name must start with a letter'
};

describe('placeErrors and problemErrors', () => {
  it('place the checks’ and the server’s errors at their fields', () => {
    const checked: RJSFValidationError[] = [
      { property: '.name', message: 'm', stack: 'Name m' }
    ];
    expect(placeErrors(checked, FIELDS, {})).toEqual([
      { place: { field: 'name' }, message: 'm', stack: 'Name m' }
    ]);
    const places = { 'configuration.data.output': { '0': 3 } };
    expect(
      problemErrors(
        [
          { field: 'configuration.data.output[0].hdfs', message: 'is required' }
        ],
        FIELDS,
        places
      )
    ).toEqual([
      {
        place: { field: 'configuration.data.output', row: 3, part: 'hdfs' },
        message: 'is required',
        stack: 'is required'
      }
    ]);
    expect(formProperty('a.b[12].c')).toBe('.a.b.12.c');
  });
});

describe('nameCheckable', () => {
  it('asks only about a valid name in a valid account', () => {
    expect(nameCheckable([], 'Acc1', 'train-1')).toBe(true);
    expect(nameCheckable([NAME_ERROR], 'Acc1', 'Bad')).toBe(false);
    expect(nameCheckable([], '', 'train-1')).toBe(false);
    expect(nameCheckable([], 'Acc1', '')).toBe(false);
  });
});

describe('shownErrors', () => {
  const other = {
    ...NAME_ERROR,
    place: { field: 'configuration.docker.command' }
  };
  it('shows touched fields’ errors, all of them after a submit attempt', () => {
    const s = state({ errors: [NAME_ERROR, other] });
    expect(shownErrors(s, new Set(['name']), false)).toEqual([NAME_ERROR]);
    expect(shownErrors(s, new Set(), true)).toEqual([NAME_ERROR, other]);
  });
});

describe('canSubmit', () => {
  it('needs a checked form, a free name and nothing under way', () => {
    expect(canSubmit(state())).toBe(true);
    expect(canSubmit(state({ loaded: false }))).toBe(false);
    expect(canSubmit(state({ errors: [NAME_ERROR] }))).toBe(false);
    expect(canSubmit(state({ serverErrors: [NAME_ERROR] }))).toBe(false);
    expect(canSubmit(state({ submitting: true }))).toBe(false);
    expect(canSubmit(state({ done: true }))).toBe(false);
    expect(
      canSubmit(state({ availability: { key: 'k', state: 'taken' } }))
    ).toBe(false);
    expect(canSubmit(state({ availability: null }))).toBe(false);
  });

  it('does not ask about the name when editing', () => {
    expect(canSubmit(state({ mode: 'edit', availability: null }))).toBe(true);
  });
});

describe('formHint', () => {
  it('says what is happening or missing', () => {
    expect(formHint(state({ submitting: true }), english)).toBe(
      'Creating the workspace…'
    );
    expect(formHint(state({ mode: 'edit', submitting: true }), english)).toBe(
      'Saving the configuration…'
    );
    expect(formHint(state({ errors: [NAME_ERROR] }), english)).toBe(
      'To continue: Name must start with a letter.'
    );
    expect(formHint(state({ errors: [NAME_ERROR, NAME_ERROR] }), english)).toBe(
      'To continue: Name must start with a letter (and 1 more).'
    );
    expect(formHint(state({ availability: null }), english)).toBe(
      'Checking that the name is free…'
    );
    expect(
      formHint(
        state({
          availability: { key: 'k', state: 'taken', message: 'taken!' }
        }),
        english
      )
    ).toBe('taken!');
    expect(formHint(state(), english)).toBe('');
    // after a create the form asks nothing more (no "already used" for our own name)
    expect(formHint(state({ done: true, availability: null }), english)).toBe(
      ''
    );
  });
});
