import { describe, expect, it } from 'vitest';
import { hostnameOf, isLoopbackHost, isWildcardHost } from './loopback.js';

describe('hostnameOf', () => {
  it.each([
    ['localhost:4010', 'localhost'],
    ['localhost', 'localhost'],
    ['[::1]:4010', '::1'],
    ['[::1]', '::1'],
    ['::1', '::1'],
    ['127.0.0.1:80', '127.0.0.1'],
  ])('reads %s as %s', (host, name) => {
    expect(hostnameOf(host)).toBe(name);
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LocalHost', '127.0.0.1', '127.255.0.9', '::1', '[::1]'])('%s is loopback', (name) => {
    expect(isLoopbackHost(name)).toBe(true);
  });

  it.each(['0.0.0.0', '127.0.0.256', '127.0.0', '128.0.0.1', 'localhost.evil.example', '127.0.0.1.nip.io', '::', '::2', ''])('%s is not', (name) => {
    expect(isLoopbackHost(name)).toBe(false);
  });
});

it.each([
  ['0.0.0.0', true],
  ['::', true],
  ['127.0.0.1', false],
])('isWildcardHost(%s) is %s', (name, wildcard) => {
  expect(isWildcardHost(name)).toBe(wildcard);
});
