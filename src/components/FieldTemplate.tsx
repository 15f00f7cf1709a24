import type { FieldTemplateProps } from '@rjsf/utils';
import { getTemplate, getUiOptions } from '@rjsf/utils';
import * as React from 'react';

/**
 * A field of the new-workspace form with a real `<label for>`, so every input
 * has the accessible name of its schema title ("Name", "GPU model", ...).
 *
 * JupyterLab's own field template shows titles as headings, which leaves the
 * inputs without a name for screen readers; the rest of the form (object and
 * array templates, widgets, validation) is JupyterLab's FormComponent as is.
 */
export function LabelledFieldTemplate(props: FieldTemplateProps): JSX.Element {
  const {
    id,
    label,
    children,
    errors,
    help,
    description,
    hidden,
    required,
    displayLabel,
    rawErrors,
    registry,
    schema,
    uiSchema
  } = props;
  if (hidden) {
    return <div className="ncp-df-hidden">{children}</div>;
  }
  const WrapIfAdditional = getTemplate(
    'WrapIfAdditionalTemplate',
    registry,
    getUiOptions(uiSchema)
  );
  const isContainer = schema.type === 'object' || schema.type === 'array';
  const invalid = (rawErrors?.length ?? 0) > 0;
  return (
    <WrapIfAdditional {...props}>
      <div
        className={
          `ncp-df-field${isContainer ? ' ncp-df-field-group' : ''}` +
          (invalid ? ' ncp-df-field-invalid' : '')
        }
      >
        {displayLabel && !isContainer && (
          <div className="ncp-df-field-label-row">
            <label htmlFor={id} className="ncp-df-field-label">
              {label}
            </label>
            {required && (
              <span className="ncp-df-required" aria-hidden="true">
                *
              </span>
            )}
          </div>
        )}
        {children}
        {displayLabel && !isContainer && description}
        {errors}
        {help}
      </div>
    </WrapIfAdditional>
  );
}
