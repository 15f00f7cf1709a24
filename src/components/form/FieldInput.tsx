import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { IFormChoice, IFormField, IWorkspace } from '../../api';
import type { FieldValue } from '../../formValues';
import type { Trans } from '../../i18n';
import { plain } from '../../util';
import { ChoiceOrOther } from './ChoiceOrOther';
import type { IInputProps } from './FieldShell';
import { RowsInput } from './RowsInput';

/** What every input is given. */
export interface IFieldInputProps {
  field: IFormField;
  input: IInputProps;
  value: FieldValue;
  disabled: boolean;
  trans: Trans;
  onChange: (value: FieldValue) => void;
  onBlur: () => void;
  /** The broken rules of each row (fields made of rows). */
  rowErrors: Record<number, string[]>;
  /** The image list's frameworks, and the one chosen ('' for any). */
  frameworks: IFormChoice[];
  framework: string;
  onFramework: (framework: string) => void;
  /** Start from: the account's workspaces and the one chosen. */
  startFromChoices: IWorkspace[];
  startFrom: string;
  onStartFrom: (workspaceId: string) => void;
}

/** A text box (one line or several) or a number box. */
function TextInput(props: IFieldInputProps): JSX.Element {
  const { field, input, value, disabled } = props;
  const common = {
    ...input,
    className: 'jp-mod-styled',
    value: typeof value === 'string' ? value : '',
    disabled,
    onBlur: props.onBlur
  };
  if (field.widget === 'textarea') {
    return (
      <textarea
        {...common}
        rows={2}
        onChange={event => props.onChange(event.target.value)}
      />
    );
  }
  return (
    <input
      {...common}
      type={field.widget === 'number' ? 'number' : 'text'}
      onChange={event => props.onChange(event.target.value)}
    />
  );
}

/** The framework (narrows the image list) and the image: pick one or type one. */
function ImageInput(props: IFieldInputProps): JSX.Element {
  const { field, input, value, trans } = props;
  const listId = `${input.id}-choices`;
  return (
    <div className="ncp-df-image">
      <HTMLSelect
        aria-label={trans.__('Framework')}
        title={trans.__('Whose images the list offers')}
        value={props.framework}
        disabled={props.disabled}
        onChange={event => props.onFramework(event.target.value)}
        options={[
          { value: '', label: trans.__('Any framework') },
          ...props.frameworks
        ]}
      />
      <input
        {...input}
        type="text"
        className="jp-mod-styled"
        list={listId}
        placeholder={trans.__('name:tag (pick one or type your own)')}
        value={typeof value === 'string' ? value : ''}
        disabled={props.disabled}
        onChange={event => props.onChange(event.target.value)}
        onBlur={props.onBlur}
      />
      <datalist id={listId}>
        {field.choices.map(choice => (
          <option key={choice.value} value={choice.value} />
        ))}
      </datalist>
    </div>
  );
}

/** Start from: an empty configuration, or one of the account's workspaces. */
function StartFromInput(props: IFieldInputProps): JSX.Element {
  const { input, trans } = props;
  return (
    <HTMLSelect
      {...input}
      value={props.startFrom}
      disabled={props.disabled}
      onChange={event => props.onStartFrom(event.target.value)}
      options={[
        { value: '', label: trans.__('(an empty configuration)') },
        ...props.startFromChoices.map(w => ({ value: w.id, label: w.name }))
      ]}
    />
  );
}

/** The input a field's widget asks for. */
export function FieldInput(props: IFieldInputProps): JSX.Element {
  const { field, value, trans } = props;
  switch (field.widget) {
    case 'account':
      return (
        <HTMLSelect
          {...props.input}
          value={typeof value === 'string' ? value : ''}
          disabled={props.disabled}
          onChange={event => props.onChange(event.target.value)}
          onBlur={props.onBlur}
          options={
            field.choices.length > 0
              ? field.choices
              : [{ value: plain(value), label: plain(value) }]
          }
        />
      );
    case 'choice-or-other':
      return (
        <ChoiceOrOther
          input={props.input}
          label={trans.__(field.title)}
          value={typeof value === 'string' ? value : ''}
          choices={field.choices}
          disabled={props.disabled}
          trans={trans}
          onChange={props.onChange}
          onBlur={props.onBlur}
        />
      );
    case 'image':
      return <ImageInput {...props} />;
    case 'start-from':
      return <StartFromInput {...props} />;
    case 'key-value':
    case 'number-list':
    case 'rows':
      return (
        <RowsInput
          field={field}
          rows={Array.isArray(value) ? value : []}
          rowErrors={props.rowErrors}
          disabled={props.disabled}
          trans={trans}
          onChange={props.onChange}
          onBlur={props.onBlur}
        />
      );
    default:
      return <TextInput {...props} />;
  }
}
