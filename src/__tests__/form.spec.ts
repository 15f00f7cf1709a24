import type { RJSFValidationError } from '@rjsf/utils';

import {
  Availability,
  canCreate,
  formHint,
  formProperty,
  IFormState,
  nameCheckable,
  problemErrors,
  propertyOf,
  shownErrors,
  text
} from '../form';
import { workspaceSchema } from './schema-file';

function error(property: string, stack = `${property} is wrong`) {
  return { property, message: 'is wrong', stack };
}

const FREE: Availability = { key: 'Acc1/train-1', state: 'available' };

/** A form ready to create; each test changes what it is about. */
function ready(changes: Partial<IFormState> = {}): IFormState {
  return {
    creating: false,
    schema: workspaceSchema(),
    schemaError: null,
    errors: [],
    serverErrors: [],
    availability: FREE,
    ...changes
  };
}

describe('rjsf ids and server fields as form properties', () => {
  it('maps an rjsf id to its property path', () => {
    expect(propertyOf('root.name')).toBe('.name');
    expect(propertyOf('root.configuration.docker.image')).toBe(
      '.configuration.docker.image'
    );
    expect(propertyOf('other')).toBeUndefined();
    expect(propertyOf(undefined)).toBeUndefined();
  });

  it('maps the server’s field paths, array indexes included', () => {
    expect(formProperty('name')).toBe('.name');
    expect(formProperty('configuration.data.input[0].hdfs')).toBe(
      '.configuration.data.input.0.hdfs'
    );
    expect(formProperty('configuration.docker.exposeTcpPorts[12]')).toBe(
      '.configuration.docker.exposeTcpPorts.12'
    );
  });

  it('turns a 400 answer’s problems into field errors in its words', () => {
    expect(
      problemErrors([
        { field: 'name', message: 'is already taken in this account' }
      ])
    ).toEqual([
      {
        property: '.name',
        message: 'is already taken in this account',
        stack: 'is already taken in this account'
      }
    ]);
  });

  it('reads string fields only', () => {
    expect(text('train-1')).toBe('train-1');
    expect(text(undefined)).toBe('');
    expect(text(3)).toBe('');
  });
});

describe('nameCheckable', () => {
  it('asks about a valid name in a valid account only', () => {
    expect(nameCheckable([], 'Acc1', 'train-1')).toBe(true);
    expect(nameCheckable([error('.name')], 'Acc1', 'Train')).toBe(false);
    expect(nameCheckable([error('.accountId')], 'x-y', 'train-1')).toBe(false);
    expect(nameCheckable([], 'Acc1', '')).toBe(false);
    expect(nameCheckable([], '', 'train-1')).toBe(false);
  });

  it('is not held up by other fields’ errors', () => {
    const errors = [error('.configuration.docker.image')];
    expect(nameCheckable(errors, 'Acc1', 'train-1')).toBe(true);
  });
});

describe('shownErrors', () => {
  const errors: RJSFValidationError[] = [error('.name'), error('.description')];

  it('shows touched fields’ errors and the server’s', () => {
    const server = [error('.configuration.docker.image')];
    const shown = shownErrors(
      ready({ errors, serverErrors: server }),
      new Set(['.name'])
    );
    expect(shown.map(e => e.property)).toEqual([
      '.name',
      '.configuration.docker.image'
    ]);
  });

  it('shows a taken name beside the name, in the server’s words', () => {
    const taken: Availability = {
      key: 'Acc1/train-1',
      state: 'taken',
      message: 'is already used by another workspace'
    };
    const shown = shownErrors(ready({ availability: taken }), new Set());
    expect(shown).toEqual([
      {
        property: '.name',
        message: 'is already used by another workspace',
        stack: 'is already used by another workspace'
      }
    ]);
  });

  it('does not show a failed availability check as a name error', () => {
    const failed: Availability = {
      key: 'Acc1/train-1',
      state: 'failed',
      message: 'The server is not reachable'
    };
    expect(shownErrors(ready({ availability: failed }), new Set())).toEqual([]);
  });
});

describe('canCreate', () => {
  it('allows Create once everything is checked and the name is free', () => {
    expect(canCreate(ready())).toBe(true);
  });

  it.each<[string, Partial<IFormState>]>([
    ['the schema has not arrived', { schema: null }],
    ['a rule is broken', { errors: [error('.name')] }],
    ['the server refused a field', { serverErrors: [error('.name')] }],
    [
      'the name is being checked',
      { availability: { key: 'k', state: 'checking' } }
    ],
    ['the name is taken', { availability: { key: 'k', state: 'taken' } }],
    ['the check failed', { availability: { key: 'k', state: 'failed' } }],
    ['the name was not checked', { availability: null }],
    ['it is creating', { creating: true }]
  ])('refuses Create while %s', (_, changes) => {
    expect(canCreate(ready(changes))).toBe(false);
  });
});

describe('formHint', () => {
  it('says nothing when the form is ready', () => {
    expect(formHint(ready())).toBe('');
  });

  it('says it is creating, before anything else', () => {
    expect(formHint(ready({ creating: true, errors: [error('.name')] }))).toBe(
      'Creating the workspace…'
    );
  });

  it('says the form is loading, or why it could not', () => {
    expect(formHint(ready({ schema: null }))).toBe('Loading the form…');
    expect(
      formHint(ready({ schema: null, schemaError: 'No key pair was found.' }))
    ).toBe('No key pair was found.');
  });

  it('names the first broken rule and counts the others', () => {
    const one = [error('.name', 'Name is required')];
    expect(formHint(ready({ errors: one }))).toBe(
      'To create: Name is required.'
    );
    const three = [...one, error('.description'), error('.accountId')];
    expect(formHint(ready({ errors: three }))).toBe(
      'To create: Name is required (and 2 more).'
    );
  });

  it('follows the name’s availability check', () => {
    expect(formHint(ready({ availability: null }))).toBe(
      'Checking that the name is free…'
    );
    expect(
      formHint(ready({ availability: { key: 'k', state: 'checking' } }))
    ).toBe('Checking that the name is free…');
    expect(
      formHint(
        ready({
          availability: { key: 'k', state: 'taken', message: 'Name is taken' }
        })
      )
    ).toBe('Name is taken');
    expect(
      formHint(ready({ availability: { key: 'k', state: 'failed' } }))
    ).toBe('');
  });
});
