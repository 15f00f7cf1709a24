import { runCodeFor } from '../code';
import {
  elapsedText,
  outcomeClass,
  outcomeLabel,
  runTooltip
} from '../runText';
import { english } from './english';
import { appRow } from './fixtures';

describe('elapsed time as text', () => {
  it.each([
    [0, '0 s'],
    [45_999, '45 s'],
    [60_000, '1 min 00 s'],
    [12 * 60_000 + 5_000, '12 min 05 s'],
    [3 * 3_600_000 + 7 * 60_000, '3 h 07 min'],
    [52 * 3_600_000, '2 d 04 h']
  ])('%d ms is %s', (ms, text) => {
    expect(elapsedText(ms, english)).toBe(text);
  });

  it('is empty when unknown or not a duration', () => {
    expect(elapsedText(null, english)).toBe('');
    expect(elapsedText(-5, english)).toBe('');
    expect(elapsedText(NaN, english)).toBe('');
  });
});

describe('the badge', () => {
  it('words the known outcomes and shows another as it came', () => {
    expect(outcomeLabel('running', english)).toBe('Running');
    expect(outcomeLabel('killed', english)).toBe('Killed');
    expect(outcomeLabel('PAUSED', english)).toBe('PAUSED');
    expect(outcomeClass('failed')).toContain('ncp-df-outcome-failed');
    expect(outcomeClass('<b>')).toContain('ncp-df-outcome-other');
  });
});

describe('the tooltip', () => {
  it('has the times with their zone', () => {
    const text = runTooltip(appRow('A1', 'llm-abc'), english);
    expect(text).toContain('Id: A1');
    expect(text).toContain('State: RUNNING / UNDEFINED');
    expect(text).toMatch(/Started 2026-12-01 \d\d:06 \S+/);
  });
});

describe('code for a run', () => {
  const app = appRow('OhP5eyImgMKCUe6GM0m9HJ', 'llm-4g04o2');

  it('is %df_app with the name and account', () => {
    expect(runCodeFor(app, 'Acc1', 'magics')).toBe(
      '%load_ext ncp_df_jupyter\n%df_app llm-4g04o2 --account Acc1'
    );
  });

  it('is Python reading the app by its id', () => {
    const code = runCodeFor(app, 'Acc1', 'python') ?? '';
    expect(code).toContain(
      'app = dataforest.get_app("OhP5eyImgMKCUe6GM0m9HJ")'
    );
    expect(code.split('\n')[0]).toBe('# DataForest AI app "llm-4g04o2"');
  });

  it('makes a name inert to IPython, or uses the id when it cannot be on a line', () => {
    const braces = appRow('A1', "x{os.system('id')}$HOME");
    expect(runCodeFor(braces, null, 'magics')).toBe(
      `%load_ext ncp_df_jupyter\n%df_app 'x{{os.system('"'"'id'"'"')}}$''HOME'`
    );
    const broken = appRow('A1', 'x\u2028y');
    expect(runCodeFor(broken, null, 'magics')).toBe(
      '%load_ext ncp_df_jupyter\n%df_app A1'
    );
    expect(runCodeFor(broken, null, 'python')).toContain(
      '# DataForest AI app "x\\u2028y"'
    );
  });

  it('writes nothing when neither the name nor the id can be on a line', () => {
    expect(runCodeFor(appRow('A\n1', null), null, 'magics')).toBe(null);
    expect(runCodeFor(appRow('A1', 'x'), 'a\nb', 'magics')).toBe(null);
  });
});
