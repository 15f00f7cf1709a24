/**
 * The form's values, without React: what each input holds (text as typed,
 * rows as shown), the request body they make, and where a broken rule of the
 * body belongs in the form (a field, a row, a column of a row).
 *
 * The fields are the core's description (GET /ncp-df/form); nothing here
 * knows a field by name.
 */
import type { IFormField, JSONObject, JSONValue } from './api';
import { isObject } from './util';

/** One row of a field made of rows, by column key (`key`/`value`, `item`, `hdfs`...). */
export type Row = Record<string, string | boolean>;

/** What an input holds: text as typed, or its rows. */
export type FieldValue = string | Row[];

/** Every input's value, by field key. */
export type FormValues = Record<string, FieldValue>;

/** Fields whose value is a list of rows. */
const ROW_WIDGETS = new Set(['key-value', 'number-list', 'rows']);

export function isRows(field: IFormField): boolean {
  return ROW_WIDGETS.has(field.widget);
}

/** The value at a dotted path of an object (undefined when absent). */
function at(
  object: JSONValue | undefined,
  path: string[]
): JSONValue | undefined {
  let node = object;
  for (const part of path) {
    node = isObject(node) ? node[part] : undefined;
  }
  return node;
}

function put(object: JSONObject, path: string[], value: JSONValue): void {
  let node = object;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    node = node[part] = isObject(next) ? next : {};
  }
  node[path[path.length - 1]] = value;
}

function text(value: JSONValue | undefined): string {
  return value === null || value === undefined || typeof value === 'object'
    ? ''
    : String(value);
}

/** An empty row of a field (checkbox columns at their default). */
export function emptyRow(field: IFormField): Row {
  const row: Row = {};
  for (const part of field.parts) {
    row[part.key] = part.kind === 'checkbox' ? part.default === true : '';
  }
  return row;
}

/** A request value as the input shows it. */
function shown(field: IFormField, value: JSONValue | undefined): FieldValue {
  if (!isRows(field)) {
    return text(value);
  }
  if (field.widget === 'key-value') {
    return isObject(value)
      ? Object.entries(value).map(([key, v]) => ({ key, value: text(v) }))
      : [];
  }
  if (!Array.isArray(value)) {
    return [];
  }
  if (field.widget === 'number-list') {
    return value.map(item => ({ item: text(item) }));
  }
  return value.map(item => {
    const row = emptyRow(field);
    for (const part of field.parts) {
      const cell = isObject(item) ? item[part.key] : undefined;
      row[part.key] = part.kind === 'checkbox' ? cell === true : text(cell);
    }
    return row;
  });
}

/** A new form: each field at its default. */
export function initialValues(fields: IFormField[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    values[field.key] = shown(field, field.default);
  }
  return values;
}

/**
 * `values` with a configuration put in (Start from, Edit): every field under
 * `configuration.` takes the configuration's value, defaults where it has none.
 */
export function withConfiguration(
  values: FormValues,
  fields: IFormField[],
  configuration: JSONObject | null
): FormValues {
  const next = { ...values };
  for (const field of fields) {
    if (!field.control && field.key.startsWith('configuration.')) {
      const value = at(configuration ?? {}, field.key.split('.').slice(1));
      next[field.key] = shown(field, value ?? field.default);
    }
  }
  return next;
}

/** Where the rows of the body came from: body index (or env key) → row shown. */
export type RowPlaces = Record<string, Record<string, number>>;

/** A number as typed: the number when it is a whole one, else the text (the rules say so). */
function number(value: string): JSONValue {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function filled(row: Row): boolean {
  return Object.values(row).some(v => typeof v === 'string' && v.trim() !== '');
}

/** A field's rows as the request has them, and which row each one is. */
function rowsValue(
  field: IFormField,
  rows: Row[]
): { value: JSONValue; places: Record<string, number> } | null {
  const places: Record<string, number> = {};
  const kept = rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => filled(row));
  if (kept.length === 0) {
    return null;
  }
  if (field.widget === 'key-value') {
    const object: JSONObject = {};
    for (const { row, index } of kept) {
      const key = String(row.key ?? '').trim();
      object[key] = String(row.value ?? '');
      places[key] = index;
    }
    return { value: object, places };
  }
  const items = kept.map(({ row, index }, position) => {
    places[String(position)] = index;
    if (field.widget === 'number-list') {
      return number(String(row.item ?? '').trim());
    }
    const item: JSONObject = {};
    for (const part of field.parts) {
      const cell = row[part.key];
      if (part.kind === 'checkbox') {
        item[part.key] = cell === true;
      } else if (typeof cell === 'string' && cell.trim() !== '') {
        item[part.key] =
          part.kind === 'number' ? number(cell.trim()) : cell.trim();
      }
    }
    return item;
  });
  return { value: items, places };
}

/**
 * The request body the values make: empty inputs left out, numbers as
 * numbers, rows as the API has them; `kept` is what the form does not show
 * but must send back (an edited configuration's name).
 */
export function requestBody(
  fields: IFormField[],
  values: FormValues,
  kept: JSONObject = {}
): { body: JSONObject; places: RowPlaces } {
  // The objects the rules require are always there, so a missing field is
  // reported as itself ("Command is required"), not as its missing parent.
  const body: JSONObject = { configuration: { ...kept, docker: {} } };
  const places: RowPlaces = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.control || value === undefined) {
      continue;
    }
    const path = field.key.split('.');
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') {
        put(body, path, field.widget === 'number' ? number(trimmed) : trimmed);
      }
      continue;
    }
    const rows = rowsValue(field, value);
    if (rows) {
      put(body, path, rows.value);
      places[field.key] = rows.places;
    }
  }
  return { body, places };
}

/** Where a broken rule belongs: its field, and the row and column when it is in one. */
export interface IPlace {
  field: string;
  row?: number;
  part?: string;
}

/**
 * The place of an error's property path (`.configuration.data.input.0.hdfs`,
 * `.configuration.docker.env.MY VAR`), or undefined when no field has it.
 */
export function placeOf(
  property: string,
  fields: IFormField[],
  places: RowPlaces
): IPlace | undefined {
  const path = property.replace(/^\./, '');
  const field = fields
    .filter(f => !f.control && (path === f.key || path.startsWith(`${f.key}.`)))
    .sort((a, b) => b.key.length - a.key.length)[0];
  if (!field) {
    return undefined;
  }
  if (path === field.key || !isRows(field)) {
    return { field: field.key };
  }
  const rest = path.slice(field.key.length + 1);
  const rows = places[field.key] ?? {};
  if (field.widget === 'key-value') {
    return rest in rows
      ? { field: field.key, row: rows[rest], part: 'key' }
      : { field: field.key };
  }
  const [index, part] = rest.split('.');
  const row = rows[index];
  if (row === undefined) {
    return { field: field.key };
  }
  return { field: field.key, row, part: part ?? 'item' };
}
