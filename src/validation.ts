/**
 * Checking the workspace form with the served JSON Schema (ajv, through
 * JupyterLab's own copy of @rjsf/validator-ajv8), worded by the schema itself
 * and translated.
 *
 * The rules are the server's schema, never restated here; a broken rule is
 * worded with the field's `x-message` (the same text the Python side uses, a
 * msgid of the catalogue), else in the plain words of its keyword.
 */
import type { RJSFValidationError, ValidatorType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';

import type { JSONObject, JSONValue } from './api';
import type { Trans } from './i18n';
import { isObject, plain } from './util';

/** Keywords whose failures the schema words with `x-message` (as in Python). */
const WORDED_KEYWORDS = new Set([
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'enum',
  'uniqueItems'
]);

/** Every `x-` keyword a schema uses (its annotations: wordings, form layout). */
function annotations(node: JSONValue, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    node.forEach(item => annotations(item, found));
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) {
        found.add(key);
      }
      annotations(value, found);
    }
  }
  return found;
}

/** A validator for one served schema (ajv caches compiled schemas by `$id`). */
export function createValidator<T = JSONObject>(
  schema: JSONObject
): ValidatorType<T> {
  return customizeValidator<T>({
    // Declared, so ajv's strict mode knows the schema's own keywords.
    ajvOptionsOverrides: { keywords: [...annotations(schema)], strict: true }
  });
}

/** A node with a local `$ref` resolved (siblings such as `title` win). */
function deref(root: JSONObject, node: JSONObject): JSONObject {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) {
    return node;
  }
  let target: JSONValue = root;
  for (const part of ref.slice(2).split('/')) {
    target = isObject(target) ? target[decodeURIComponent(part)] : null;
  }
  const { $ref: _ignored, ...siblings } = node; // eslint-disable-line @typescript-eslint/no-unused-vars
  return isObject(target) ? { ...deref(root, target), ...siblings } : node;
}

/**
 * The schema of the field at an rjsf property path such as
 * `.configuration.docker.image` or `.configuration.docker.exposeTcpPorts.0`.
 */
function fieldSchema(
  root: JSONObject,
  property: string
): JSONObject | undefined {
  let node: JSONObject = deref(root, root);
  for (const part of property.split('.').filter(p => p.length > 0)) {
    const properties = node.properties;
    let next: JSONValue | undefined;
    if (isObject(properties) && part in properties) {
      next = properties[part];
    } else if (isObject(node.items)) {
      next = node.items;
    } else if (isObject(node.additionalProperties)) {
      next = node.additionalProperties;
    }
    if (!isObject(next)) {
      return undefined;
    }
    node = deref(root, next);
  }
  return node;
}

/**
 * A node's `x-message` for one keyword: one text for every keyword of the
 * node, or an object giving each keyword its own (as the Python side reads it).
 */
function wording(
  node: JSONObject | undefined,
  keyword: string
): string | undefined {
  const worded = node?.['x-message'];
  const text = isObject(worded) ? worded[keyword] : worded;
  return typeof text === 'string' ? text : undefined;
}

/** A keyword's rule in plain words, for rules the schema does not word. */
function plainRule(
  error: RJSFValidationError,
  field: JSONObject | undefined,
  trans: Trans
): string {
  const params: JSONObject = isObject(error.params) ? error.params : {};
  const limit = params.limit;
  switch (error.name) {
    case 'required':
      return trans.__('is required');
    case 'minLength':
      return limit === 1
        ? trans.__('must not be empty')
        : trans.__('must be at least %1 characters long', plain(limit));
    case 'maxLength':
      return trans.__('must be at most %1 characters long', plain(limit));
    case 'minimum':
      return trans.__('must be at least %1', plain(limit));
    case 'maximum':
      return trans.__('must be at most %1', plain(limit));
    case 'uniqueItems':
      return trans.__('must not repeat a value');
    case 'type':
      return field?.type === 'integer'
        ? trans.__('must be a whole number')
        : trans.__('is not valid');
    default:
      return trans.__('is not valid');
  }
}

/** The rule a validation error broke, in the schema's words when it has some. */
function ruleText(
  root: JSONObject,
  error: RJSFValidationError,
  trans: Trans
): string {
  const field = fieldSchema(root, error.property ?? '');
  const keyword = error.name ?? '';
  const worded = WORDED_KEYWORDS.has(keyword)
    ? wording(field, keyword)
    : undefined;
  if (worded !== undefined) {
    return trans.__(worded);
  }
  return plainRule(error, field, trans);
}

/**
 * A key that breaks `propertyNames` (an environment variable's name): blamed
 * on the key itself, `.configuration.docker.env.<key>`, with the rule's
 * `x-message` as the whole rule, as the Python side reports it.
 */
function nameError(
  root: JSONObject,
  error: RJSFValidationError,
  trans: Trans
): RJSFValidationError | undefined {
  const names = fieldSchema(root, error.property ?? '')?.propertyNames;
  const params: unknown = error.params;
  const worded = isObject(names) ? names['x-message'] : undefined;
  if (
    typeof worded !== 'string' ||
    !isObject(params) ||
    typeof params.propertyName !== 'string'
  ) {
    return undefined;
  }
  const key = params.propertyName;
  const rule = trans.__(worded);
  return {
    ...error,
    property: `${error.property ?? ''}.${key}`,
    message: rule,
    stack: trans._p('field and its rule', '%1 %2', `'${key}'`, rule)
  };
}

/** The title a person knows the field by (translated). */
function fieldTitle(root: JSONObject, property: string, trans: Trans): string {
  const title = fieldSchema(root, property)?.title;
  if (typeof title === 'string' && title.length > 0) {
    return trans.__(title);
  }
  const parts = property.split('.').filter(p => p.length > 0);
  return parts[parts.length - 1] ?? trans.__('The form');
}

/**
 * An rjsf `transformErrors` for a schema: each message becomes the rule in
 * the schema's words, and `stack` the full sentence ("Name must start..."),
 * both translated.
 */
export function wordErrors(
  root: JSONObject,
  trans: Trans
): (errors: RJSFValidationError[]) => RJSFValidationError[] {
  return errors =>
    errors
      // A oneOf of constants reports each constant it missed: one is enough;
      // a bad key's own broken rules come again, naming it, as propertyNames.
      .filter(
        error =>
          error.name !== 'const' &&
          !(error.schemaPath ?? '').includes('/propertyNames/')
      )
      .map(error => {
        if (error.name === 'propertyNames') {
          const named = nameError(root, error, trans);
          if (named) {
            return named;
          }
        }
        const rule = ruleText(root, error, trans);
        const title = fieldTitle(root, error.property ?? '', trans);
        const stack = trans._p('field and its rule', '%1 %2', title, rule);
        return { ...error, message: rule, stack };
      });
}

/** Keep only the errors of the fields a person has touched. */
export function errorsOfTouched(
  errors: RJSFValidationError[],
  touched: ReadonlySet<string>
): RJSFValidationError[] {
  return errors.filter(error => {
    const property = error.property ?? '';
    for (const path of touched) {
      if (property === path || property.startsWith(`${path}.`)) {
        return true;
      }
    }
    return false;
  });
}
