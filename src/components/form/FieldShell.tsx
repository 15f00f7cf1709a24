import * as React from 'react';

import type { IFormField } from '../../api';
import type { Trans } from '../../i18n';

/** What the input of a field needs to be named and described for assistive tech. */
export interface IInputProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  'aria-required'?: boolean;
}

/**
 * A field: its label (a real `<label for>`), the input, the help text and
 * the field's broken rules under it, tied to the input as its description.
 * A field made of rows is a group named by its label instead.
 */
export function FieldShell(props: {
  field: IFormField;
  trans: Trans;
  errors: string[];
  group?: boolean;
  children: (input: IInputProps) => React.ReactNode;
}): JSX.Element {
  const { field, trans, errors } = props;
  const id = `ncp-df-field-${React.useId().replace(/:/g, '')}`;
  const described = [
    ...(errors.length > 0 ? [`${id}-errors`] : []),
    ...(field.help ? [`${id}-help`] : [])
  ].join(' ');
  const input: IInputProps = {
    id,
    'aria-describedby': described || undefined,
    'aria-invalid': errors.length > 0 || undefined,
    'aria-required': field.required || undefined
  };
  // The mark stays outside the label: the input's name is the title alone.
  const required = field.required && (
    <span className="ncp-df-required" aria-hidden="true">
      *
    </span>
  );
  const under = (
    <>
      {errors.length > 0 && (
        <div id={`${id}-errors`} className="ncp-df-field-errors">
          {errors.map(error => (
            <div key={error} className="ncp-df-field-error">
              {error}
            </div>
          ))}
        </div>
      )}
      {field.help && (
        <div id={`${id}-help`} className="ncp-df-help">
          {trans.__(field.help)}
        </div>
      )}
    </>
  );
  const className = `ncp-df-field${errors.length > 0 ? ' ncp-df-mod-invalid' : ''}`;
  if (props.group) {
    return (
      <div
        className={className}
        data-field={field.key}
        role="group"
        aria-labelledby={`${id}-label`}
        aria-describedby={described || undefined}
      >
        <div className="ncp-df-field-label-row">
          <span id={`${id}-label`} className="ncp-df-field-label">
            {trans.__(field.title)}
          </span>
          {required}
        </div>
        {props.children(input)}
        {under}
      </div>
    );
  }
  return (
    <div className={className} data-field={field.key}>
      <div className="ncp-df-field-label-row">
        <label htmlFor={id} className="ncp-df-field-label">
          {trans.__(field.title)}
        </label>
        {required}
      </div>
      {props.children(input)}
      {under}
    </div>
  );
}
