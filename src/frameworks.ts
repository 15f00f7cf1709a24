/** The framework choice of the new-workspace form, read from the served schema. */
import type { JSONObject, JSONValue } from './api';
import { isObject } from './util';

/** How a framework (getDockerImageList's typeName) is shown; others are capitalised. */
const FRAMEWORK_LABELS: Record<string, string> = {
  tensorflow: 'TensorFlow',
  pytorch: 'PyTorch'
};

function propertySchema(node: JSONValue | undefined, key: string): JSONValue {
  return isObject(node) && isObject(node.properties)
    ? node.properties[key]
    : null;
}

/** The framework choice: any, or one of getDockerImageList's typeName enum. */
export function frameworkOptions(
  schema: JSONObject | null
): [string, string][] {
  const definitions = schema?.definitions;
  const request = isObject(definitions)
    ? definitions.dockerImageListRequest
    : null;
  const typeName = propertySchema(
    propertySchema(request, 'search'),
    'typeName'
  );
  const names =
    isObject(typeName) && Array.isArray(typeName.enum) ? typeName.enum : [];
  const options: [string, string][] = [['', 'Any framework']];
  for (const name of names) {
    if (typeof name === 'string') {
      const label = name.charAt(0).toUpperCase() + name.slice(1);
      options.push([name, FRAMEWORK_LABELS[name] ?? label]);
    }
  }
  return options;
}
