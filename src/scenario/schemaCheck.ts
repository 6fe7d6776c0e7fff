import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packagePath } from '../packageRoot.js';
import { AHEAD_FILE, AJV_OPTIONS, type SchemaName } from './schemaOptions.js';
import type { SourceFile } from './sourceFile.js';

export type { SchemaName } from './schemaOptions.js';

const schemaDir = packagePath('schemas') + path.sep;
const require = createRequire(import.meta.url);
const cache = new Map<string, ValidateFunction>();

/**
 * Validators compiled ahead by bin/build.js into the compiled copy bin/ehsim.js runs: compiling
 * the schemas here took each process (the command and every worker) about 0.35 s. The copy's
 * fingerprint covers schemas/, ajv's version and schemaOptions.ts, so these are never stale.
 * Run from the sources (tsx, the tests), there are none and each schema is compiled on first use.
 */
const ahead = ((): Partial<Record<SchemaName, ValidateFunction>> => {
  if (import.meta.url.endsWith('.ts')) return {};
  try {
    return require(`./${AHEAD_FILE}`) as Partial<Record<SchemaName, ValidateFunction>>;
  } catch {
    return {};
  }
})();

/** Whether this copy's validators were compiled ahead (for tests/cli/build.test.ts). */
export const compiledAhead = Object.keys(ahead).length > 0;

let ajv: Ajv2020 | undefined;

function validator(name: SchemaName): ValidateFunction {
  let v = cache.get(name) ?? ahead[name];
  if (!v) {
    // Loaded only when needed (the compiled copy never needs it).
    ajv ??= new (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }).Ajv2020(AJV_OPTIONS);
    const schema = JSON.parse(readFileSync(`${schemaDir}${name}.schema.json`, 'utf8')) as object;
    v = ajv.compile(schema);
  }
  cache.set(name, v);
  return v;
}

/** Validates a parsed file against a schema; throws the first problem (in file order) as an InputError. */
const passed = new Map<SchemaName, WeakSet<SourceFile>>();

export function checkSchema(source: SourceFile, name: SchemaName): void {
  // Parsed files are cached and never mutated, so one that passed need not be checked again.
  if (passed.get(name)?.has(source)) return;
  const validate = validator(name);
  if (validate(source.data)) {
    if (!passed.has(name)) passed.set(name, new WeakSet());
    passed.get(name)!.add(source);
    return;
  }
  const errors = (validate.errors ?? []).filter((e) => !['if', 'anyOf', 'oneOf', 'allOf'].includes(e.keyword));
  const all = errors.length ? errors : (validate.errors ?? []);
  const described = all.map((e) => describe(source, e));
  // Within a line, an unknown key explains more than what it then lacks (a misspelt 'source' is also a missing one).
  const rank = (d: { key: boolean }) => (d.key ? 0 : 1);
  described.sort((a, b) => a.line - b.line || rank(a) - rank(b) || a.col - b.col);
  const first = described[0]!;
  throw source.error(first.at, first.message, first.key);
}

function describe(source: SourceFile, e: ErrorObject) {
  const at: (string | number)[] = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let message: string;
  let key = false;
  // A key's name broke the rule its mapping's propertyNames set: say which key, and the rule.
  const badName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (badName !== undefined && e.keyword !== 'propertyNames') {
    at.push(badName);
    const rule = (e.parentSchema as { description?: string } | undefined)?.description;
    const pos = source.locate(at, true);
    return { at, message: `invalid name '${badName}'${rule ? `: ${rule}` : ''}`, key: true, line: pos.line, col: pos.col };
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      at.push(extra);
      key = true;
      const allowed = allowedKeys(e);
      message = `unknown key '${extra}'${allowed ? ` (expected one of: ${allowed})` : ''}`;
      break;
    }
    case 'required':
      message = `missing required key '${(e.params as { missingProperty: string }).missingProperty}'`;
      break;
    case 'type':
      message = `expected ${String((e.params as { type: string | string[] }).type).replace(',', ' or ')}, got ${typeName(valueAt(source.data, at))}`;
      break;
    case 'enum':
      message = `expected one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'pattern':
      message = `value ${JSON.stringify(valueAt(source.data, at))} is not allowed here (must match ${(e.params as { pattern: string }).pattern})`;
      break;
    case 'propertyNames': {
      message = `invalid key name`;
      break;
    }
    default:
      message = e.message ?? 'invalid value';
  }
  const pos = source.locate(at, key);
  return { at, message, key, line: pos.line, col: pos.col };
}

function allowedKeys(e: ErrorObject): string | null {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).join(', ') : null;
}

function valueAt(data: unknown, at: (string | number)[]): unknown {
  let v: unknown = data;
  for (const k of at) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
