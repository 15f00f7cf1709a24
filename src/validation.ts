/**
 * Checking the new-workspace form with the served JSON Schema (ajv, as in
 * JupyterLab's settings editor), worded by the schema itself.
 *
 * The rules are the server's schema, never restated here; a broken rule is
 * worded with the field's `x-message` (the same text the Python side uses),
 * falling back to ajv's own message for rules without one.
 */
import type { RJSFValidationError, ValidatorType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';

import type { JSONObject, JSONValue } from './api';
import { isObject } from './util';

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

/** A validator for one served schema (ajv caches compiled schemas by `$id`). */
export function createValidator<T = JSONObject>(): ValidatorType<T> {
  return customizeValidator<T>({
    // Declared, so ajv's strict mode knows the schema's own keyword.
    ajvOptionsOverrides: { keywords: ['x-message'], strict: true }
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

/** The rule a validation error broke, in the schema's words when it has some. */
function ruleText(root: JSONObject, error: RJSFValidationError): string {
  if (error.name === 'required') {
    return 'is required';
  }
  const keyword = error.name ?? '';
  const worded = WORDED_KEYWORDS.has(keyword)
    ? wording(fieldSchema(root, error.property ?? ''), keyword)
    : undefined;
  return worded ?? error.message ?? 'is not valid';
}

/**
 * A key that breaks `propertyNames` (an environment variable's name): blamed
 * on the key itself, `.configuration.docker.env.<key>`, with the rule's
 * `x-message` as the whole rule, as the Python side reports it.
 */
function nameError(
  root: JSONObject,
  error: RJSFValidationError
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
  return {
    ...error,
    property: `${error.property ?? ''}.${key}`,
    message: worded,
    stack: `'${key}' ${worded}`
  };
}

/** The title a person knows the field by. */
function fieldTitle(root: JSONObject, property: string): string {
  const title = fieldSchema(root, property)?.title;
  if (typeof title === 'string' && title.length > 0) {
    return title;
  }
  const parts = property.split('.').filter(p => p.length > 0);
  return parts[parts.length - 1] ?? 'The form';
}

/**
 * An rjsf `transformErrors` for a schema: each message becomes the rule in
 * the schema's words, and `stack` the full sentence ("Name must start...").
 */
export function wordErrors(
  root: JSONObject
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
          const named = nameError(root, error);
          if (named) {
            return named;
          }
        }
        const rule = ruleText(root, error);
        const title = fieldTitle(root, error.property ?? '');
        return { ...error, message: rule, stack: `${title} ${rule}` };
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
