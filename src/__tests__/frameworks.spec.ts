import type { JSONObject } from '../api';
import { frameworkOptions } from '../frameworks';
import { workspaceSchema } from './schema-file';

/** A schema whose only content is the image list's typeName enum. */
function withFrameworks(names: unknown[]): JSONObject {
  return {
    definitions: {
      dockerImageListRequest: {
        properties: {
          search: {
            properties: { typeName: { enum: names } }
          }
        }
      }
    }
  } as JSONObject;
}

describe('frameworkOptions', () => {
  it('offers only "any" before the schema has arrived', () => {
    expect(frameworkOptions(null)).toEqual([['', 'Any framework']]);
  });

  it('spells the known frameworks as their projects do', () => {
    expect(frameworkOptions(withFrameworks(['tensorflow', 'pytorch']))).toEqual(
      [
        ['', 'Any framework'],
        ['tensorflow', 'TensorFlow'],
        ['pytorch', 'PyTorch']
      ]
    );
  });

  it('offers the served schema’s enum rather than a list of its own', () => {
    const schema = workspaceSchema();
    const definitions = schema.definitions as JSONObject;
    const request = definitions.dockerImageListRequest as JSONObject;
    const search = (request.properties as JSONObject).search as JSONObject;
    const typeName = (search.properties as JSONObject).typeName as JSONObject;
    const values = frameworkOptions(schema).map(([value]) => value);
    expect(values.length).toBeGreaterThan(1);
    expect(values).toEqual(['', ...(typeName.enum as string[])]);
  });

  it('capitalises frameworks it has no spelling for and skips non-strings', () => {
    expect(
      frameworkOptions(withFrameworks(['jax', 3, null, 'pytorch']))
    ).toEqual([
      ['', 'Any framework'],
      ['jax', 'Jax'],
      ['pytorch', 'PyTorch']
    ]);
  });

  it('offers only "any" when the schema has no image list request', () => {
    expect(frameworkOptions({ definitions: {} })).toEqual([
      ['', 'Any framework']
    ]);
    expect(frameworkOptions(withFrameworks([]))).toEqual([
      ['', 'Any framework']
    ]);
  });
});
