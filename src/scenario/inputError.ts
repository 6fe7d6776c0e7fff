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
  ) {
    super(formatLocation(file, line, col) + detail);
    this.name = 'InputError';
  }
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
