/**
 * The material option catalogue of mocks/aibabe/options.yaml: gender filtering (generic items plus
 * that gender's), label fallback (requested language → the contract's default language → the
 * code), and the membership check agentCover and createAgent make on every option code they get.
 * Which request field belongs to which group is `x-pixmock-option-fields` in the contract.
 */
import type { OperationContract } from '../../contracts/index.js';
import type { UpstreamContext } from '../../core/index.js';
import type { OptionCatalogue, OptionItem } from './aibabe-mocks.js';

/** An item is offered to a gender when it is generic or lists that gender; without a gender, all are. */
export function offeredTo(item: OptionItem, gender: string | undefined): boolean {
  return gender === undefined || item.genders === undefined || item.genders.some((offered) => offered === gender);
}

export function optionLabel(item: OptionItem, language: string, fallbackLanguage: string): string {
  return item.labels[language] ?? item.labels[fallbackLanguage] ?? item.code;
}

/**
 * Throws `cover_invalid_option` for the first field (in the contract's order) whose code is not in
 * its group, or not offered to the request's gender.
 */
export function checkOptionCodes(ctx: UpstreamContext, options: OptionCatalogue, operation: OperationContract, body: Record<string, unknown>): void {
  const namespace = operation.raw['x-pixmock-option-namespace'] as string;
  const fields = (operation.raw['x-pixmock-option-fields'] ?? {}) as Record<string, string>;
  const catalogue = options[namespace] ?? {};
  const gender = typeof body.gender === 'string' ? body.gender : undefined;
  for (const [field, group] of Object.entries(fields)) {
    const code = body[field];
    if (typeof code !== 'string') continue;
    const offered = (catalogue[group] ?? []).some((item) => item.code === code && offeredTo(item, gender));
    if (!offered) throw ctx.error('cover_invalid_option', { field, code });
  }
}

/** "Age 18-25 · Ethnicity Asian · …": the option groups and English-or-code labels of a request, for prompts. */
export function describeOptions(options: OptionCatalogue, operation: OperationContract, body: Record<string, unknown>, language: string): string {
  const namespace = operation.raw['x-pixmock-option-namespace'] as string;
  const fields = (operation.raw['x-pixmock-option-fields'] ?? {}) as Record<string, string>;
  const catalogue = options[namespace] ?? {};
  const parts = [String(body.gender)];
  for (const [field, group] of Object.entries(fields)) {
    const code = body[field];
    if (typeof code !== 'string') continue;
    const item = catalogue[group]?.find((candidate) => candidate.code === code);
    parts.push(`${group} ${item ? optionLabel(item, language, language) : code}`);
  }
  return parts.join(' · ');
}

/** The label language when a request names none: the `language` default of configOptions' request schema (read once, into the state). */
export function defaultOptionLanguage(ctx: UpstreamContext): string {
  const schemaId = ctx.contract.operations.get('configOptions')?.requestSchemaId;
  const schema = schemaId ? ctx.contracts.schema(schemaId) : {};
  const language = (schema.properties as Record<string, { default?: unknown }> | undefined)?.language?.default;
  if (typeof language !== 'string') {
    throw new Error(`Failed to find the default label language: give language a default in contracts/${ctx.id}/schemas/config-options-request.schema.json.`);
  }
  return language;
}
