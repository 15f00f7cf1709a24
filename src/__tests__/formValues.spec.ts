import {
  initialValues,
  placeOf,
  requestBody,
  withConfiguration
} from '../formValues';
import { FIELDS } from './fixtures';

describe('initialValues', () => {
  it('puts each field at its default, rows empty', () => {
    expect(initialValues(FIELDS)).toEqual({
      accountId: '',
      startFrom: '',
      name: '',
      'configuration.queueName': 'gpu',
      'configuration.resource.gpuCount': '1',
      'configuration.docker.image': '',
      'configuration.docker.command': '',
      'configuration.docker.env': [],
      'configuration.docker.exposeTcpPorts': [],
      'configuration.data.output': []
    });
  });
});

describe('withConfiguration', () => {
  it('takes a configuration’s values, rows included, and leaves the rest', () => {
    const values = withConfiguration(
      { ...initialValues(FIELDS), name: 'kept' },
      FIELDS,
      {
        queueName: 'gpu-large',
        resource: { gpuCount: 4 },
        docker: {
          image: 'pytorch:2.3',
          env: { MODE: 'train' },
          exposeTcpPorts: [8888]
        },
        data: {
          output: [{ hdfs: '/out', path: '/data/out', overwrite: true }]
        },
        unknownField: 'ignored'
      }
    );
    expect(values.name).toBe('kept');
    expect(values['configuration.queueName']).toBe('gpu-large');
    expect(values['configuration.resource.gpuCount']).toBe('4');
    expect(values['configuration.docker.command']).toBe('');
    expect(values['configuration.docker.env']).toEqual([
      { key: 'MODE', value: 'train' }
    ]);
    expect(values['configuration.docker.exposeTcpPorts']).toEqual([
      { item: '8888' }
    ]);
    expect(values['configuration.data.output']).toEqual([
      { path: '/data/out', hdfs: '/out', overwrite: true }
    ]);
  });

  it('falls back to the defaults for what a configuration lacks', () => {
    const values = withConfiguration(initialValues(FIELDS), FIELDS, {});
    expect(values['configuration.queueName']).toBe('gpu');
    expect(values['configuration.resource.gpuCount']).toBe('1');
  });
});

describe('requestBody', () => {
  const typed = {
    ...initialValues(FIELDS),
    accountId: 'Acc1',
    name: ' train-1 ',
    'configuration.docker.image': 'pytorch:2.3',
    'configuration.docker.command': 'jupyter lab',
    'configuration.docker.env': [
      { key: '', value: '' },
      { key: 'MODE', value: 'train' }
    ],
    'configuration.docker.exposeTcpPorts': [
      { item: '8888' },
      { item: '' },
      { item: 'x' }
    ],
    'configuration.data.output': [
      { path: '/out', hdfs: '', overwrite: false },
      { path: '', hdfs: '', overwrite: true }
    ]
  };

  it('makes the request: trimmed, numbers as numbers, empty rows left out', () => {
    const { body } = requestBody(FIELDS, typed, { name: 'cfg' });
    expect(body).toEqual({
      accountId: 'Acc1',
      name: 'train-1',
      configuration: {
        name: 'cfg',
        queueName: 'gpu',
        resource: { gpuCount: 1 },
        docker: {
          image: 'pytorch:2.3',
          command: 'jupyter lab',
          env: { MODE: 'train' },
          // what is not a whole number is sent as typed: the rules refuse it
          exposeTcpPorts: [8888, 'x']
        },
        data: { output: [{ path: '/out', overwrite: false }] }
      }
    });
  });

  it('always has the objects the rules require, so a missing field is itself', () => {
    const { body } = requestBody(FIELDS, initialValues(FIELDS));
    expect(body.configuration).toEqual({
      queueName: 'gpu',
      resource: { gpuCount: 1 },
      docker: {}
    });
  });

  it('places a broken rule at its field, row and column', () => {
    const { places } = requestBody(FIELDS, typed);
    const at = (property: string) => placeOf(property, FIELDS, places);
    expect(at('.name')).toEqual({ field: 'name' });
    expect(at('.configuration.docker.exposeTcpPorts.1')).toEqual({
      field: 'configuration.docker.exposeTcpPorts',
      row: 2,
      part: 'item'
    });
    expect(at('.configuration.data.output.0.hdfs')).toEqual({
      field: 'configuration.data.output',
      row: 0,
      part: 'hdfs'
    });
    expect(at('.configuration.docker.env.MODE')).toEqual({
      field: 'configuration.docker.env',
      row: 1,
      part: 'key'
    });
    expect(at('.configuration.docker.exposeTcpPorts')).toEqual({
      field: 'configuration.docker.exposeTcpPorts'
    });
    expect(at('.configuration.unknown')).toBeUndefined();
  });
});
