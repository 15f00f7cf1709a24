/** How the Runs section words a run: its badge, its elapsed time, its tooltip. */
import type { AppOutcome, IApp } from './api';
import type { Trans } from './i18n';
import { when } from './util';

/** The outcomes the badge knows; another word the server sends shows as it came. */
const OUTCOMES: readonly string[] = [
  'waiting',
  'running',
  'succeeded',
  'failed',
  'killed',
  'ended'
] satisfies AppOutcome[];

function isKnown(outcome: string): outcome is AppOutcome {
  return OUTCOMES.includes(outcome);
}

/** The badge's word, translated. */
export function outcomeLabel(outcome: string, trans: Trans): string {
  if (!isKnown(outcome)) {
    return outcome;
  }
  switch (outcome) {
    case 'waiting':
      return trans.__('Waiting');
    case 'running':
      return trans.__('Running');
    case 'succeeded':
      return trans.__('Succeeded');
    case 'failed':
      return trans.__('Failed');
    case 'killed':
      return trans.__('Killed');
    case 'ended':
      return trans.__('Ended');
  }
}

/** The badge's class: its colour (an unknown outcome is neutral). */
export function outcomeClass(outcome: string): string {
  return `ncp-df-outcome ncp-df-outcome-${isKnown(outcome) ? outcome : 'other'}`;
}

/**
 * A duration as a person reads it: `45 s`, `12 min 05 s`, `3 h 07 min`,
 * `2 d 04 h` (the larger unit first, the next one in two digits).
 */
export function elapsedText(ms: number | null, trans: Trans): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) {
    return '';
  }
  const seconds = Math.floor(ms / 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  if (seconds < 60) {
    return trans.__('%1 s', seconds);
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return trans.__('%1 min %2 s', minutes, two(seconds % 60));
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return trans.__('%1 h %2 min', hours, two(minutes % 60));
  }
  return trans.__('%1 d %2 h', Math.floor(hours / 24), two(hours % 24));
}

/** How a run is named in a sentence: its name, else its id. */
export function runLabel(app: IApp): string {
  return app.name || app.id;
}

/** The row's tooltip: name, id, state and final status, queue, times. */
export function runTooltip(app: IApp, trans: Trans): string {
  const state = [app.state, app.finalStatus].filter(Boolean).join(' / ');
  return [
    runLabel(app),
    trans.__('Id: %1', app.id),
    state && trans.__('State: %1', state),
    app.queueName && trans.__('Queue: %1', app.queueName),
    app.startedAt && trans.__('Started %1', when(app.startedAt)),
    app.finishedAt && trans.__('Finished %1', when(app.finishedAt))
  ]
    .filter(Boolean)
    .join('\n');
}
