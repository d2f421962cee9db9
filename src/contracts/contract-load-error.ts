/** Thrown when a contract or its schemas cannot be read, parsed or compiled. */
export class ContractLoadError extends Error {
  override readonly name = 'ContractLoadError';
  readonly file: string;

  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`Failed to load contract ${file}: ${reason}. Fix the file (docs/architecture.md, "Adding an upstream", says what a contract needs), or pass contractsDir to createMockServer(s) naming a valid contracts folder.`, options);
    this.file = file;
  }
}
