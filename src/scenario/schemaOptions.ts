/**
 * The JSON Schemas in schemas/ and how they are compiled: read by scenario/schemaCheck.ts, and by
 * bin/build.js, which compiles them ahead into the compiled copy (validators.cjs) with the same
 * options, so both give the same verdicts and errors. No imports: build.js loads it on its own.
 */
export const SCHEMA_NAMES = ['scenario', 'model', 'discounting', 'targets', 'correlations', 'population', 'series', 'prices', 'areas', 'areaTargets', 'parameter-groups'] as const;

export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** Ajv's options: every error (the first in file order is reported), strict schemas, the failing schema kept in each error. */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true } as const;

/** The file the compiled copy's validators are in, beside schemaCheck.js. */
export const AHEAD_FILE = 'validators.cjs';
