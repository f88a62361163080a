import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path';

describe('safeNextPath', () => {
  it.each([
    ['/', '/'],
    ['/acme/general', '/acme/general'],
    ['/acme/general?thread=1#m-42', '/acme/general?thread=1#m-42'],
    ['/a/../b', '/b'],
    ['/update-password', '/update-password'],
  ])('keeps the local path %s', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    ['another origin', 'https://evil.example'],
    ['another origin with path', 'https://evil.example/login'],
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with path', '//evil.example/acme'],
    ['backslash', '/\\evil.example'],
    ['double backslash', '\\\\evil.example'],
    ['mixed slashes', '/\\/evil.example'],
    ['javascript URL', 'javascript:alert(1)'],
    ['data URL', 'data:text/html,<script>alert(1)</script>'],
    ['relative path', 'acme/general'],
    ['dot-slash normalising to //', '/.//evil.example'],
    ['dot-dot normalising to //', '/a/..//evil.example'],
    ['encoded slash', '/%2f%2fevil.example'],
    ['encoded backslash', '/%5cevil.example'],
    ['encoded upper case', '/%2F%2Fevil.example'],
    ['tab inside', '/\t/evil.example'],
    ['newline inside', '/\n/evil.example'],
    ['empty', ''],
    ['not a string', 42],
    ['undefined', undefined],
    ['null', null],
  ])('refuses %s', (_name, input) => {
    expect(safeNextPath(input)).toBe('/');
  });

  it('returns the given fallback', () => {
    expect(safeNextPath('https://evil.example', '/login')).toBe('/login');
  });

  it('never returns something that leaves the origin when resolved', () => {
    const inputs = ['/ok', '/.//x', '/%2e%2e//x', '/..//x', '///x', '/@evil.example', '/:@evil.example'];
    for (const input of inputs) {
      const out = safeNextPath(input);
      expect(new URL(out, 'https://app.example').origin).toBe('https://app.example');
    }
  });
});
