import * as React from 'react';

/** The framework choice above the form: it narrows the served image list. */
export function FrameworkSelect(props: {
  value: string;
  options: [string, string][];
  disabled: boolean;
  onChange: (framework: string) => void;
}): JSX.Element {
  return (
    <label className="ncp-df-control">
      <span>Framework</span>
      <select
        className="jp-mod-styled"
        value={props.value}
        disabled={props.disabled}
        onChange={event => props.onChange(event.target.value)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
