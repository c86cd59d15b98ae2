import { describe, expect, it } from 'vitest';
import { csrfToken } from './csrf-token.js';

describe('csrfToken', () => {
  it("reads the named hidden field, whatever the attributes' order and quoting", () => {
    expect(
      csrfToken('<form><input type="hidden" name="csrfmiddlewaretoken" value="Xy9k2"></form>', 'csrfmiddlewaretoken'),
    ).toBe('Xy9k2');
    expect(
      csrfToken(
        "<INPUT value='a+b/c==' NAME='authenticity_token' type=hidden autocomplete=off />",
        'authenticity_token',
      ),
    ).toBe('a+b/c==');
    expect(csrfToken('<input name=_token value=t0k3n>', '_token')).toBe('t0k3n');
    expect(csrfToken('<input name="_token" value="a&amp;b&#43;c&#x3D;">', '_token')).toBe('a&b+c=');
  });

  it('skips other fields and falls back to the csrf-token meta tag', () => {
    const page =
      '<meta name="csrf-token" content="from-meta"><input name="username" value="x"><input name="_csrf_other" value="no">';
    expect(csrfToken(page, 'authenticity_token')).toBe('from-meta');
    expect(csrfToken('<input name="username" value="x">', 'authenticity_token')).toBeUndefined();
    expect(csrfToken('', '_token')).toBeUndefined();
  });
});
