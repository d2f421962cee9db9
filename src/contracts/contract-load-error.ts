/** Thrown when a contract or its schemas cannot be read, parsed or compiled. */
export class ContractLoadError extends Error {
  override readonly name = 'ContractLoadError';
  readonly file: string;

  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`Failed to load contract ${file}: ${reason}. Fix the file or point --contracts at a valid contracts folder.`, options);
    this.file = file;
  }
}
