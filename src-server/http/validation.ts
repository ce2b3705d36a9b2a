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
  // Kiosk uploads are hex IDs and enums only, and large: not walked.
  const nfc = !url.startsWith('/v1/kiosk/');
  const checker = TypeCompiler.Compile(schema);
  const convert = httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers';
  return (data: unknown) => {
    const converted = convert ? Value.Convert(schema, data) : data;
    const value = nfc ? nfcDeep(converted) : converted;
    if (checker.Check(value)) return { value };
    const issues: ValidationIssue[] = [];
    for (const e of checker.Errors(value)) {
      issues.push({ path: e.path, message: e.message });
      if (issues.length >= 10) break;
    }
    return { error: new RequestValidationError(httpPart ?? 'request', issues) };
  };
};
