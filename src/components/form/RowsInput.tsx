import { addIcon, deleteIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IFormField } from '../../api';
import { emptyRow, Row } from '../../formValues';
import type { Trans } from '../../i18n';

/** The label of a field's "add a row" button. */
function addLabel(field: IFormField, trans: Trans): string {
  switch (field.widget) {
    case 'key-value':
      return trans.__('Add variable');
    case 'number-list':
      return trans.__('Add port');
    default:
      return field.key.endsWith('output')
        ? trans.__('Add output')
        : trans.__('Add input');
  }
}

/**
 * A field made of rows (environment variables, ports, data inputs and
 * outputs): a labelled input per column, a trash button per row and an
 * "Add" button, with JupyterLab's icons. A broken rule shows under its row.
 */
export function RowsInput(props: {
  field: IFormField;
  rows: Row[];
  /** The broken rules of each row, by row index. */
  rowErrors: Record<number, string[]>;
  disabled: boolean;
  trans: Trans;
  onChange: (rows: Row[]) => void;
  onBlur: () => void;
}): JSX.Element {
  const { field, rows, trans } = props;
  const title = trans.__(field.title);
  const set = (index: number, key: string, value: string | boolean): void =>
    props.onChange(
      rows.map((row, i) => (i === index ? { ...row, [key]: value } : row))
    );
  return (
    <div className="ncp-df-rows">
      {rows.length > 0 && (
        <div className="ncp-df-rows-head" aria-hidden="true">
          {field.parts.map(part => (
            <span
              key={part.key}
              className={`ncp-df-cell ncp-df-cell-${part.kind}`}
            >
              {trans.__(part.title)}
            </span>
          ))}
        </div>
      )}
      {rows.map((row, index) => {
        const errors = props.rowErrors[index] ?? [];
        const errorId = `${field.key}-row-${index}-errors`.replace(/\W/g, '-');
        return (
          <div key={index} className="ncp-df-row-of-field">
            <div className="ncp-df-row-cells">
              {field.parts.map(part =>
                part.kind === 'checkbox' ? (
                  <label
                    key={part.key}
                    className="ncp-df-cell ncp-df-cell-checkbox"
                  >
                    <input
                      type="checkbox"
                      checked={row[part.key] === true}
                      disabled={props.disabled}
                      onChange={event =>
                        set(index, part.key, event.target.checked)
                      }
                      onBlur={props.onBlur}
                    />
                    {trans.__(part.title)}
                  </label>
                ) : (
                  <input
                    key={part.key}
                    type={part.kind === 'number' ? 'number' : 'text'}
                    className={`jp-mod-styled ncp-df-cell ncp-df-cell-${part.kind}`}
                    aria-label={trans.__(
                      '%1, row %2',
                      trans.__(part.title),
                      index + 1
                    )}
                    aria-invalid={errors.length > 0 || undefined}
                    aria-describedby={errors.length > 0 ? errorId : undefined}
                    value={String(row[part.key] ?? '')}
                    disabled={props.disabled}
                    onChange={event => set(index, part.key, event.target.value)}
                    onBlur={props.onBlur}
                  />
                )
              )}
              <button
                type="button"
                className="ncp-df-icon-button ncp-df-danger"
                aria-label={trans.__('Remove row %1 of %2', index + 1, title)}
                title={trans.__('Remove row %1 of %2', index + 1, title)}
                disabled={props.disabled}
                onClick={() =>
                  props.onChange(rows.filter((_, i) => i !== index))
                }
              >
                <deleteIcon.react tag="span" elementPosition="center" />
              </button>
            </div>
            {errors.length > 0 && (
              <div id={errorId} className="ncp-df-field-errors">
                {errors.map(error => (
                  <div key={error} className="ncp-df-field-error">
                    {error}
                  </div>
                ))}
              </div>
            )}
          </div>
        );
      })}
      <button
        type="button"
        className="ncp-df-text-button ncp-df-add"
        disabled={props.disabled}
        onClick={() => props.onChange([...rows, emptyRow(field)])}
      >
        <addIcon.react tag="span" elementPosition="center" />
        {addLabel(field, trans)}
      </button>
    </div>
  );
}
