/**
 * Which host names reach only this machine, for the admin API's Host check and the rule that a
 * server bound beyond loopback needs an admin token.
 *
 * @example
 * isLoopbackHost(hostnameOf('[::1]:4010')); // true
 */

const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** Addresses that bind every interface: the server is then reached by any of the machine's names. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** `localhost`, an IPv4 address in 127.0.0.0/8 or `::1` (with or without brackets); case-insensitive. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase();
  if (name === 'localhost' || name === '::1' || name === '[::1]') return true;
  const octets = IPV4_LOOPBACK.exec(name);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}

export function isWildcardHost(hostname: string): boolean {
  return WILDCARD_HOSTS.has(hostname);
}

/** The name in a Host header value, without its port: `[::1]:4010` → `::1`, `localhost:4010` → `localhost`. */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(1, end);
  }
  // One colon is a port; more is a bare IPv6 address (a --host value such as ::1).
  const colon = host.indexOf(':');
  return colon !== -1 && colon === host.lastIndexOf(':') ? host.slice(0, colon) : host;
}
