import { cookieCheck } from '../cookies-seen.js';

/** RFC 6265bis steps 20–21, prefixes matched case-insensitively as browsers do. */
export default cookieCheck('COOKIE-PREFIX-INVALID', {
  sessionOnly: false,
  rule: (c) => {
    const n = c.name.toLowerCase();
    if (n.startsWith('__secure-') && !c.secure) return '__Secure- prefix without Secure (browsers drop it)';
    if (n.startsWith('__host-') && (!c.secure || c.domain !== undefined || c.path !== '/'))
      return '__Host- prefix needs Secure, no Domain and Path=/ (browsers drop it)';
    return undefined;
  },
  passReason: 'cookie prefixes are valid',
});
