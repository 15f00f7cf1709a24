import * as React from 'react';

import type { Trans } from '../i18n';

/** What the log viewer shows: the text so far, and whether it still follows. */
export interface ILogViewState {
  text: string;
  /** The app's state as of the last read. */
  state: string | null;
  following: boolean;
  /** Why the last read failed (the viewer keeps the text and tries again). */
  problem: string | null;
  updated: string;
}

/**
 * A container's log as text (the service's text is data: never markup). It
 * stays at the bottom while the reader is there, so a growing log follows.
 */
export function LogView(props: {
  title: string;
  view: ILogViewState;
  trans: Trans;
}): JSX.Element {
  const { view, trans } = props;
  const box = React.useRef<HTMLPreElement>(null);
  const atBottom = React.useRef(true);
  React.useLayoutEffect(() => {
    const node = box.current;
    if (node && atBottom.current) {
      node.scrollTop = node.scrollHeight;
    }
  }, [view.text]);
  const onScroll = (): void => {
    const node = box.current;
    if (node) {
      atBottom.current =
        node.scrollHeight - node.scrollTop - node.clientHeight < 8;
    }
  };
  return (
    <div className="ncp-df-log">
      <div className="ncp-df-log-status" role="status">
        {view.following
          ? trans.__(
              '%1 · %2 · following (updated %3)',
              props.title,
              view.state ?? '',
              view.updated
            )
          : trans.__(
              '%1 · %2 · ended (updated %3)',
              props.title,
              view.state ?? '',
              view.updated
            )}
        {view.problem && <span className="ncp-df-error"> {view.problem}</span>}
      </div>
      <pre
        ref={box}
        className="ncp-df-log-text"
        tabIndex={0}
        aria-label={trans.__('Log of %1', props.title)}
        onScroll={onScroll}
      >
        {view.text}
      </pre>
    </div>
  );
}
