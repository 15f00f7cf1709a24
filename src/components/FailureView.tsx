import { Clipboard } from '@jupyterlab/apputils';
import {
  caretDownIcon,
  caretRightIcon,
  copyIcon
} from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IFailure } from '../failure';
import { failureText } from '../failure';
import type { Trans } from '../i18n';

/** Text with `code` spans rendered as code (the text is data: never markup). */
export function WithCode(props: { text: string }): JSX.Element {
  return (
    <>
      {props.text
        .split('`')
        .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

/**
 * A failure where it happened: what to do first, the service's words under
 * it, and the technical details behind a toggle, with Copy.
 */
export function FailureView(props: {
  failure: IFailure;
  trans: Trans;
  /** More lines under the sentence (e.g. where to fix credentials). */
  children?: React.ReactNode;
}): JSX.Element {
  const { failure, trans } = props;
  const [open, setOpen] = React.useState(false);
  const id = React.useId();
  const Caret = open ? caretDownIcon : caretRightIcon;
  return (
    <div className="ncp-df-notice ncp-df-error" role="alert">
      <p className="ncp-df-failure-text">
        <WithCode text={failure.text} />
      </p>
      {failure.said && (
        <p className="ncp-df-failure-said">
          {trans.__('DataForest said: %1', failure.said)}
        </p>
      )}
      {props.children}
      {failure.details.length > 0 && (
        <div className="ncp-df-failure-tools">
          <button
            type="button"
            className="ncp-df-text-button"
            aria-expanded={open}
            aria-controls={id}
            onClick={() => setOpen(!open)}
          >
            <Caret.react tag="span" elementPosition="center" />
            {trans.__('Details')}
          </button>
          <button
            type="button"
            className="ncp-df-text-button"
            title={trans.__('Copy the message and its details')}
            onClick={() => Clipboard.copyToSystem(failureText(failure, trans))}
          >
            <copyIcon.react tag="span" elementPosition="center" />
            {trans.__('Copy')}
          </button>
        </div>
      )}
      {open && (
        <dl id={id} className="ncp-df-failure-details">
          {failure.details.map(([label, value]) => (
            <React.Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </React.Fragment>
          ))}
        </dl>
      )}
    </div>
  );
}
