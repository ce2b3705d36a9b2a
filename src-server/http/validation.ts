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

export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const checker = TypeCompiler.Compile(schema);
  const convert = httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers';
  return (data: unknown) => {
    const value = convert ? Value.Convert(schema, data) : data;
    if (checker.Check(value)) return { value };
    const issues: ValidationIssue[] = [];
    for (const e of checker.Errors(value)) {
      issues.push({ path: e.path, message: e.message });
      if (issues.length >= 10) break;
    }
    return { error: new RequestValidationError(httpPart ?? 'request', issues) };
  };
};
