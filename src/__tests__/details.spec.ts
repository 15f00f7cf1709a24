import type { IWorkspace } from '../api';
import { detailRows, show } from '../details';
import { when } from '../util';
import { workspaceRow } from './fixtures';

const BARE: IWorkspace = workspaceRow('W1a2B3', 'train-1');

describe('show', () => {
  it('writes configuration values on one line', () => {
    expect(show(undefined)).toBe('');
    expect(show(null)).toBe('');
    expect(show(8)).toBe('8');
    expect(show(false)).toBe('false');
    expect(show([8888, 6006])).toBe('8888, 6006');
    expect(show({ A: '1', B: '2' })).toBe('A=1, B=2');
  });
});

describe('detailRows', () => {
  it('shows only the id of a workspace without a configuration', () => {
    expect(detailRows(BARE)).toEqual([['Id', 'W1a2B3']]);
  });

  it('shows a configuration in a fixed order, leaving out what is unset', () => {
    const workspace: IWorkspace = {
      ...BARE,
      description: 'BERT fine-tuning',
      image: 'dataforest/pytorch:2.1',
      gpus: 'T4 x 2',
      createdAt: '2026-01-02T03:04:05Z',
      configuration: {
        queueName: 'gpu',
        resource: { gpuModel: 'T4', gpuCount: 2, memoryMb: 15360 },
        docker: {
          image: 'dataforest/pytorch:2.1',
          command: 'jupyter lab',
          exposeTcpPorts: [8888, 6006],
          env: { MODE: 'train', SEED: '1' }
        },
        data: {
          input: [
            { hdfs: '/user/me/data', path: '/data' },
            { hdfs: '/user/me/more', path: '/more' }
          ],
          output: [{ hdfs: '/user/me/out', path: '/out', overwrite: false }]
        }
      }
    };
    expect(detailRows(workspace)).toEqual([
      ['Id', 'W1a2B3'],
      ['Description', 'BERT fine-tuning'],
      ['Image', 'dataforest/pytorch:2.1'],
      ['Command', 'jupyter lab'],
      ['Queue', 'gpu'],
      ['GPU', 'T4 x 2'],
      ['Memory (MB)', '15360'],
      ['Exposed TCP ports', '8888, 6006'],
      ['Environment', 'MODE=train, SEED=1'],
      ['Inputs', '/user/me/data → /data; /user/me/more → /more'],
      ['Outputs', '/user/me/out → /out'],
      ['Created', when('2026-01-02T03:04:05Z')]
    ]);
  });

  it('tolerates sections that are not objects', () => {
    const odd: IWorkspace = {
      ...BARE,
      configuration: { docker: 'none', data: { input: 'none' } }
    };
    expect(detailRows(odd)).toEqual([['Id', 'W1a2B3']]);
  });
});
