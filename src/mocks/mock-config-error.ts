/** Thrown when a file under mocks/ cannot be read or does not match its schema. */
export class MockConfigError extends Error {
  override readonly name = 'MockConfigError';
  readonly file: string;
  readonly field: string;

  constructor(file: string, field: string, reason: string, options?: { cause?: unknown }) {
    const where = field ? `${file} at ${field}` : file;
    super(`Failed to load mocks ${where}: ${reason}. Edit the file so it matches ${schemaHint(file)}.`, options);
    this.file = file;
    this.field = field;
  }
}

function schemaHint(file: string): string {
  return file.includes('latency-profiles') ? 'mocks/latency-profiles.schema.json' : 'the mocks.schema.json beside it';
}
