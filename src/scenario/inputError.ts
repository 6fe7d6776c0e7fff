/**
 * A problem with the user's input: a file, a field or a command-line value.
 * The CLI prints it as `file:line:col: message` and exits with code 2.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
    readonly col?: number,
    /**
     * The values, not the files, are at fault: parameter values that make a well-formed model
     * impossible (probabilities summing above 1, a probability above 1 after its multipliers). A
     * probabilistic analysis draws again rather than stopping (analysis/feasibleDraws.ts).
     */
    readonly impossible = false,
  ) {
    super(formatLocation(file, line, col) + detail);
    this.name = 'InputError';
  }
}

/** An input error marked as caused by impossible parameter values (see InputError.impossible). */
export function impossibleValues(e: InputError): InputError {
  return new InputError(e.file, e.detail, e.line, e.col, true);
}

function formatLocation(file: string, line?: number, col?: number): string {
  if (!file) return '';
  if (line === undefined) return `${file}: `;
  return `${file}:${line}:${col ?? 1}: `;
}

/** Thrown for command-line values (no file). */
export function argumentError(message: string): InputError {
  return new InputError('', message);
}
