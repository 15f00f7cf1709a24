import type { LabIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

/** A toolbar-style button showing only an icon, named by `label`. */
export function IconButton(props: {
  label: string;
  title?: string;
  icon: LabIcon;
  onClick: () => void;
  disabled?: boolean;
  expanded?: boolean;
  controls?: string;
  className?: string;
}): JSX.Element {
  return (
    <button
      type="button"
      className={`ncp-df-icon-button ${props.className ?? ''}`}
      aria-label={props.label}
      aria-expanded={props.expanded}
      aria-controls={props.expanded ? props.controls : undefined}
      title={props.title ?? props.label}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      <props.icon.react tag="span" elementPosition="center" />
    </button>
  );
}
