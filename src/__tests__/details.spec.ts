import type { IWorkspace } from '../api';
import { detailRows, gpuBadge, show } from '../details';
import { english as trans } from './english';
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
    expect(detailRows(BARE, trans)).toEqual([['Id', 'W1a2B3']]);
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
    expect(detailRows(workspace, trans)).toEqual([
      ['Id', 'W1a2B3'],
      ['Description', 'BERT fine-tuning'],
      ['Docker image', 'dataforest/pytorch:2.1'],
      ['Command', 'jupyter lab'],
      ['Queue', 'gpu'],
      ['GPU', 'T4 x 2'],
      ['Memory (MB)', '15360'],
      ['Exposed TCP ports', '8888, 6006'],
      ['Environment variables', 'MODE=train, SEED=1'],
      // One arrow direction: where the data goes (HDFS → container, container → HDFS).
      [
        'Inputs (HDFS → container)',
        '/user/me/data → /data; /user/me/more → /more'
      ],
      ['Outputs (container → HDFS)', '/out → /user/me/out'],
      ['Created', when('2026-01-02T03:04:05Z')]
    ]);
  });

  it('tolerates sections that are not objects', () => {
    const odd: IWorkspace = {
      ...BARE,
      configuration: { docker: 'none', data: { input: 'none' } }
    };
    expect(detailRows(odd, trans)).toEqual([['Id', 'W1a2B3']]);
  });
});

describe('gpuBadge', () => {
  it('is the model and count, or the model alone, or nothing', () => {
    expect(gpuBadge({ ...BARE, gpuModel: 'A100', gpuCount: 4 })).toBe('A100×4');
    expect(gpuBadge({ ...BARE, gpuModel: 'T4' })).toBe('T4');
    expect(gpuBadge(BARE)).toBe('');
  });
});
