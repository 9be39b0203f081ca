// The one error shape with a machine-readable code (bridge, keychain, token import, settings), and the
// one way to turn anything thrown into text. Web-safe: the panel's bridge client uses both.

/** An error whose `code` says what went wrong; the message says it in plain words. */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The message of anything thrown (an Error's message, or the value as text). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
