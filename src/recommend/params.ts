/**
 * Hyper-parameter checking shared by every recommender, the CLI (`--param key=value`), `tune` and
 * the API: values are checked against the model's `ParamSpec`s (name, type, range, choices) and a
 * bad one is reported by name.
 *
 * `min`/`max` are hard bounds as well as the search range of `tune`, so a model's spec states the
 * widest range that makes sense.
 *
 * @example
 *   const specs = { neighbours: { type: 'int', default: 100, min: 1, max: 2000, description: '…' } };
 *   resolveParams(specs, { neighbours: 50 }); // { neighbours: 50 }
 *   parseParamStrings(specs, { neighbours: 'fifty' }); // throws ParamError naming "neighbours"
 */
import type { ParamSpec } from './recommender.js';

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;
export type ParamValues = Record<string, number | boolean | string>;

/** A parameter that does not exist, has the wrong type or lies outside its range. */
export class ParamError extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
    this.name = 'ParamError';
  }
}

/** Checks one typed value against its spec and returns it (numbers stay numbers, etc.). */
export function checkParam(name: string, spec: ParamSpec, value: unknown): number | boolean | string {
  switch (spec.type) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ParamError(name, `parameter "${name}" must be a finite number, got ${describe(value)}`);
      }
      if (spec.type === 'int' && !Number.isInteger(value)) {
        throw new ParamError(name, `parameter "${name}" must be an integer, got ${value}`);
      }
      if (spec.min !== undefined && value < spec.min) {
        throw new ParamError(name, `parameter "${name}" must be ≥ ${spec.min}, got ${value}`);
      }
      if (spec.max !== undefined && value > spec.max) {
        throw new ParamError(name, `parameter "${name}" must be ≤ ${spec.max}, got ${value}`);
      }
      break;
    }
    case 'bool':
      if (typeof value !== 'boolean') {
        throw new ParamError(name, `parameter "${name}" must be true or false, got ${describe(value)}`);
      }
      break;
    case 'string':
      if (typeof value !== 'string') {
        throw new ParamError(name, `parameter "${name}" must be a string, got ${describe(value)}`);
      }
      break;
  }
  if (spec.choices !== undefined && !spec.choices.includes(value as string | number)) {
    throw new ParamError(name, `parameter "${name}" must be one of ${spec.choices.join(', ')}, got ${describe(value)}`);
  }
  return value as number | boolean | string;
}

/**
 * Fills defaults and checks every given value; unknown names are an error that lists the known ones.
 * Models call this in `create(params)`.
 */
export function resolveParams(specs: ParamSpecs, given: Record<string, unknown> = {}): ParamValues {
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(specs, name)) throw unknownParam(specs, name);
  }
  const out: ParamValues = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = Object.hasOwn(given, name) && given[name] !== undefined ? checkParam(name, spec, given[name]) : spec.default;
  }
  return out;
}

/**
 * Converts `key → 'string value'` pairs (from the CLI or a query string) to typed, checked values.
 * Returns only the given keys; `resolveParams` fills the rest.
 */
export function parseParamStrings(specs: ParamSpecs, given: Readonly<Record<string, string>>): ParamValues {
  const out: ParamValues = {};
  for (const [name, raw] of Object.entries(given)) {
    const spec = specs[name];
    if (spec === undefined || !Object.hasOwn(specs, name)) throw unknownParam(specs, name);
    out[name] = checkParam(name, spec, fromString(name, spec, raw));
  }
  return out;
}

function fromString(name: string, spec: ParamSpec, raw: string): unknown {
  const text = raw.trim();
  switch (spec.type) {
    case 'int':
    case 'float': {
      const n = text === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) throw new ParamError(name, `parameter "${name}" must be a number, got "${raw}"`);
      return n;
    }
    case 'bool': {
      const t = text.toLowerCase();
      if (t === 'true' || t === '1' || t === 'yes' || t === 'on') return true;
      if (t === 'false' || t === '0' || t === 'no' || t === 'off') return false;
      throw new ParamError(name, `parameter "${name}" must be true or false, got "${raw}"`);
    }
    case 'string':
      return spec.choices?.some((c) => typeof c === 'number') && Number.isFinite(Number(text)) ? Number(text) : text;
  }
}

function unknownParam(specs: ParamSpecs, name: string): ParamError {
  const known = Object.keys(specs);
  const list = known.length > 0 ? known.join(', ') : '(this model has no parameters)';
  return new ParamError(name, `unknown parameter "${name}"; known: ${list}`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}
