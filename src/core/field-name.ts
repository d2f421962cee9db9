/** `/inputs/prompt` → `inputs.prompt`; the root → `body`: how upstreams name the field of a JSON pointer in their errors. */
export function fieldName(pointer: string): string {
  return pointer === '' ? 'body' : pointer.slice(1).split('/').join('.');
}
