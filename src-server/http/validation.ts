// Request validation with TypeBox's compiler instead of Fastify's default Ajv setup, which
// silently strips unknown properties and coerces types in bodies. Here bodies are checked
// strictly (additionalProperties: false means rejected, "5" is not an integer); only
// querystrings and path params, which are always text, are converted first.
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { FormatRegistry } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => UUID_RE.test(v));

export interface ValidationIssue {
  path: string;
  message: string;
}

export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly part: string,
    readonly issues: ValidationIssue[],
  ) {
    super(`invalid ${part}: ${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`);
    this.name = 'RequestValidationError';
  }
}

/** Path of the first string holding a NUL character, or null. PostgreSQL cannot store NUL in text. */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '/' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const hit = findNul(value[i], `${path}/${i}`);
      if (hit !== null) return hit;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return `${path}/${k}`;
      const hit = findNul(v, `${path}/${k}`);
      if (hit !== null) return hit;
    }
  }
  return null;
}

const INTEGER_TEXT = /^-?\d{1,16}$/;
const NUMBER_TEXT = /^-?\d{1,16}(\.\d{1,16})?$/;

/**
 * Text (query, params) to typed values. Numbers are converted only from plain decimal text:
 * TypeBox's own conversion reads "1e20" as 1, which would turn an out-of-range value into a
 * valid one instead of refusing it.
 */
function convertText(schema: TSchema, data: unknown): unknown {
  const props = (schema as { properties?: Record<string, TSchema> }).properties;
  if (!props || typeof data !== 'object' || data === null || Array.isArray(data)) return Value.Convert(schema, data);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const p = props[k];
    const type = (p as { type?: unknown } | undefined)?.type;
    if (typeof v === 'string' && type === 'integer') out[k] = INTEGER_TEXT.test(v) ? Number(v) : v;
    else if (typeof v === 'string' && type === 'number') out[k] = NUMBER_TEXT.test(v) ? Number(v) : v;
    else out[k] = p ? Value.Convert(p, v) : v;
  }
  return out;
}

/**
 * Every text a client sends is compared and stored in Unicode NFC: "Hà Nội" typed in
 * decomposed form (NFD, as some Vietnamese keyboards send it) is the same province as the
 * precomposed one. Applied to bodies, querystrings and params before the schema check.
 */
export function nfcDeep(v: unknown): unknown {
  if (typeof v === 'string') return v.normalize('NFC');
  if (Array.isArray(v)) return v.map(nfcDeep);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = nfcDeep(x);
    return out;
  }
  return v;
}

export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart, url }) => {
  // Kiosk uploads are hex IDs and enums only, and large: not walked for NFC.
  const nfc = !url.startsWith('/v1/kiosk/');
  const checker = TypeCompiler.Compile(schema);
  const convert = httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers';
  return (data: unknown) => {
    const converted = convert ? convertText(schema, data) : data;
    const value = nfc ? nfcDeep(converted) : converted;
    const nul = findNul(value);
    if (nul !== null) return { error: new RequestValidationError(httpPart ?? 'request', [{ path: nul, message: 'NUL characters are not allowed' }]) };
    if (checker.Check(value)) return { value };
    const issues: ValidationIssue[] = [];
    for (const e of checker.Errors(value)) {
      issues.push({ path: e.path, message: e.message });
      if (issues.length >= 10) break;
    }
    return { error: new RequestValidationError(httpPart ?? 'request', issues) };
  };
};
