import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IFormChoice } from '../../api';
import type { Trans } from '../../i18n';
import type { IInputProps } from './FieldShell';

/** The select's value for "another one" (no choice can be it: choices are non-empty). */
const OTHER = '';

/**
 * A dropdown of what the service offers (documented values first) plus
 * "Other…", which reveals a text box for a value it does not list.
 */
export function ChoiceOrOther(props: {
  input: IInputProps;
  label: string;
  value: string;
  choices: IFormChoice[];
  disabled: boolean;
  trans: Trans;
  onChange: (value: string) => void;
  onBlur: () => void;
}): JSX.Element {
  const { input, value, choices, trans } = props;
  const listed = choices.some(c => c.value === value);
  const [other, setOther] = React.useState(!listed && value !== '');
  const showOther = other || (!listed && value !== '');
  return (
    <div className="ncp-df-choice">
      <HTMLSelect
        {...input}
        value={showOther ? OTHER : value}
        disabled={props.disabled}
        onChange={event => {
          const chosen = event.target.value;
          setOther(chosen === OTHER);
          props.onChange(chosen === OTHER ? '' : chosen);
        }}
        onBlur={props.onBlur}
        options={[
          ...choices.map(c => ({ value: c.value, label: c.label })),
          { value: OTHER, label: trans.__('Other…') }
        ]}
      />
      {showOther && (
        <input
          type="text"
          className="jp-mod-styled ncp-df-other"
          aria-label={trans.__('Other value of %1', props.label)}
          placeholder={trans.__('Type a value')}
          value={value}
          disabled={props.disabled}
          autoFocus={other && value === ''}
          onChange={event => props.onChange(event.target.value)}
          onBlur={props.onBlur}
        />
      )}
    </div>
  );
}
