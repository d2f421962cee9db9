/**
 * The node globals pixmock's shared code uses, injected into the browser bundle (esbuild's
 * `inject`): `Buffer` from the `buffer` package, and `setImmediate`, which the clocks use to let
 * woken promise chains run before time moves on.
 */
export { Buffer } from 'buffer';

export function setImmediate(callback: () => void): void {
  setTimeout(callback, 0);
}
