import * as React from 'react';

import type { Trans } from '../i18n';
import { messageOf } from '../util';

/**
 * Keeps the rest of the sidebar alive when drawing one part of it fails,
 * whatever a field of the service holds: the part is replaced by one line
 * saying what could not be shown. A new `resetKey` (the next refresh's data)
 * draws the part again.
 */
export class ErrorBoundary extends React.Component<
  ErrorBoundary.IProps,
  ErrorBoundary.IState
> {
  override state: ErrorBoundary.IState = { error: null };

  static getDerivedStateFromError(error: unknown): ErrorBoundary.IState {
    return { error };
  }

  override componentDidCatch(error: unknown): void {
    console.error(`DataForest: ${this.props.what} cannot be shown`, error);
  }

  override componentDidUpdate(previous: ErrorBoundary.IProps): void {
    if (
      this.state.error !== null &&
      previous.resetKey !== this.props.resetKey
    ) {
      this.setState({ error: null });
    }
  }

  override render(): React.ReactNode {
    const { error } = this.state;
    if (error === null) {
      return this.props.children;
    }
    return (
      <p className="ncp-df-message ncp-df-error" role="alert">
        {this.props.trans.__(
          '%1 cannot be shown (%2).',
          this.props.what,
          messageOf(error)
        )}
      </p>
    );
  }
}

export namespace ErrorBoundary {
  export interface IProps {
    /** What is drawn inside, translated, for the sentence shown instead ("The list"). */
    what: string;
    trans: Trans;
    /** Draw again when this changes (after an error). */
    resetKey?: unknown;
    children?: React.ReactNode;
  }

  export interface IState {
    error: unknown;
  }
}
