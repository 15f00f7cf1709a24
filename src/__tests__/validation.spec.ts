import type { RJSFValidationError } from '@rjsf/utils';

import type { JSONObject } from '../api';
import { createValidator, errorsOfTouched, wordErrors } from '../validation';
import { english } from './english';
import { workspaceSchema } from './schema-file';

const SCHEMA = workspaceSchema();

/** A definition of the schema file, to compare with its own words. */
function definition(name: string): JSONObject {
  return (SCHEMA.definitions as JSONObject)[name] as JSONObject;
}

/**
 * The schema's `x-message` of a definition (or of its property); `keyword`
 * picks one text when the schema words each keyword apart.
 */
function worded(name: string, property?: string, keyword?: string): string {
  const node = property
    ? ((definition(name).properties as JSONObject)[property] as JSONObject)
    : definition(name);
  const message = node['x-message'];
  return (
    keyword && typeof message === 'object' && message !== null
      ? (message as JSONObject)[keyword]
      : message
  ) as string;
}

/** A workspace the schema accepts, with top-level, docker and resource changes. */
function workspace(
  top: JSONObject = {},
  docker: JSONObject = {},
  resource: JSONObject = {}
): JSONObject {
  return {
    accountId: 'A1b2C3',
    name: 'train-1',
    configuration: {
      resource: { gpuModel: 'T4', gpuCount: 1, ...resource },
      docker: {
        image: 'dataforest/tensorflow:2.15',
        command: 'jupyter lab',
        ...docker
      }
    },
    ...top
  };
}

/** The form's errors for `data`, worded as the form words them. */
function check(data: JSONObject, schema = SCHEMA): RJSFValidationError[] {
  return createValidator(schema).validateFormData(
    data,
    schema,
    undefined,
    wordErrors(schema, english)
  ).errors;
}

function only(
  errors: RJSFValidationError[],
  property: string
): RJSFValidationError {
  const found = errors.filter(e => e.property === property);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('the served schema checked in the form', () => {
  it('accepts a complete workspace', () => {
    expect(check(workspace())).toEqual([]);
  });

  it('words a bad name with the schema’s own sentence', () => {
    for (const name of ['Train', '1abc', 'train-', 'tr--ain', 'a_b']) {
      const error = only(check(workspace({ name })), '.name');
      const rule = worded('workspaceName', undefined, 'pattern');
      expect(error.message).toBe(rule);
      expect(error.stack).toBe(`Name ${rule}`);
    }
  });

  it('accepts the names the rule allows, up to its length limit', () => {
    for (const name of ['a', 'train-1', 'a1-b2-c3', 'abcdefghijklmno']) {
      expect(check(workspace({ name }))).toEqual([]);
    }
  });

  it('words a name over the limit with the length’s own sentence', () => {
    const error = only(check(workspace({ name: 'abcdefghijklmnop' })), '.name');
    expect(error.name).toBe('maxLength');
    expect(error.message).toBe(worded('workspaceName', undefined, 'maxLength'));
    expect(error.message).toBe('must be at most 15 characters long');
  });

  it('names the field by its title, a $ref’s sibling title first', () => {
    const error = only(
      check(workspace({ accountId: 'not-an-id' })),
      '.accountId'
    );
    expect(error.stack).toBe(`Account ${worded('id')}`);
  });

  it('says a missing field is required', () => {
    const errors = check({});
    expect(errors.map(e => e.stack).sort()).toEqual([
      'Account is required',
      'Configuration is required',
      'Name is required'
    ]);
    const command = only(
      check(workspace({}, { command: undefined } as unknown as JSONObject)),
      '.configuration.docker.command'
    );
    expect(command.message).toBe('is required');
    expect(command.stack).toBe('Command is required');
  });

  it('words numbers out of range with their rule', () => {
    const error = only(
      check(workspace({}, {}, { gpuCount: 9 })),
      '.configuration.resource.gpuCount'
    );
    expect(error.stack).toBe(`GPU count ${worded('resource', 'gpuCount')}`);
    expect(check(workspace({}, {}, { gpuCount: 8 }))).toEqual([]);
  });

  it('words rules the schema does not word in their keyword’s plain words', () => {
    const error = only(
      check(workspace({ description: 'x'.repeat(256) })),
      '.description'
    );
    expect(error.name).toBe('maxLength');
    expect(error.message).toBe('must be at most 255 characters long');
    expect(error.stack).toBe(`Description ${error.message}`);
    const empty = only(
      check(
        workspace({
          configuration: {
            queueName: '',
            docker: { image: 'a:b', command: 'c' }
          }
        })
      ),
      '.configuration.queueName'
    );
    expect(empty.message).toBe('must not be empty');
    const count = only(
      check(workspace({}, {}, { gpuCount: 'two' })),
      '.configuration.resource.gpuCount'
    );
    expect(count.message).toBe('must be a whole number');
  });

  it('knows the schema’s own annotation keywords (strict ajv)', () => {
    const annotated = workspaceSchema();
    annotated['x-new-annotation'] = { some: 'layout' };
    expect(check(workspace(), annotated)).toEqual([]);
  });

  it('translates the rules and the field names', () => {
    const trans = {
      __: (msgid: string, ...args: unknown[]) =>
        `«${msgid.replace(/%(\d)/g, (_, i: string) => String(args[Number(i) - 1]))}»`,
      _p: (_context: string, msgid: string, ...args: unknown[]) =>
        msgid.replace(/%(\d)/g, (_, i: string) => String(args[Number(i) - 1]))
    } as unknown as Parameters<typeof wordErrors>[1];
    const [error] = createValidator(SCHEMA).validateFormData(
      workspace({ name: 'Bad' }),
      SCHEMA,
      undefined,
      wordErrors(SCHEMA, trans)
    ).errors;
    const rule = worded('workspaceName', undefined, 'pattern');
    expect(error.message).toBe(`«${rule}»`);
    expect(error.stack).toBe(`«Name» «${rule}»`);
  });

  it('blames a bad environment variable name on the key itself', () => {
    const env = { 'A=B': 'x', GOOD: 'y' };
    const errors = check(workspace({}, { env }));
    const names = (
      (definition('docker').properties as JSONObject).env as JSONObject
    ).propertyNames as JSONObject;
    const error = only(errors, '.configuration.docker.env.A=B');
    expect(error.message).toBe(names['x-message']);
    expect(error.stack).toBe(`'A=B' ${names['x-message'] as string}`);
    // The key's broken pattern is not reported a second time.
    expect(errors).toHaveLength(1);
  });

  it('words a bad port with the item’s rule, at the item’s path', () => {
    const docker = { exposeTcpPorts: [8888, 0] };
    const error = only(
      check(workspace({}, docker)),
      '.configuration.docker.exposeTcpPorts.1'
    );
    const ports = (definition('docker').properties as JSONObject)
      .exposeTcpPorts as JSONObject;
    expect(error.message).toBe((ports.items as JSONObject)['x-message']);
  });

  it('reports a served account choice once, not once per account', () => {
    const served = workspaceSchema();
    (served.properties as JSONObject).accountId = {
      ...((served.properties as JSONObject).accountId as JSONObject),
      oneOf: [
        { const: 'A1b2C3', title: 'Research' },
        { const: 'D4e5F6', title: 'Production' }
      ]
    };
    expect(check(workspace(), served)).toEqual([]);
    const errors = check(workspace({ accountId: 'G7h8I9' }), served);
    expect(errors.map(e => e.name)).toEqual(['oneOf']);
    expect(errors[0].property).toBe('.accountId');
  });
});

describe('errorsOfTouched', () => {
  const errors = [
    { property: '.name', message: 'm', stack: 's' },
    { property: '.names', message: 'm', stack: 's' },
    { property: '.configuration.docker.image', message: 'm', stack: 's' },
    { property: '.configuration.resource.gpuCount', message: 'm', stack: 's' }
  ];

  it('keeps the errors of touched fields and of fields inside them', () => {
    const kept = errorsOfTouched(
      errors,
      new Set(['.name', '.configuration.docker'])
    );
    expect(kept.map(e => e.property)).toEqual([
      '.name',
      '.configuration.docker.image'
    ]);
  });

  it('keeps nothing before a field is touched', () => {
    expect(errorsOfTouched(errors, new Set())).toEqual([]);
  });
});
