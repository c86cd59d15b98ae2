import { cookieCheck } from '../cookies-seen.js';

/** RFC 6265bis: a SameSite value other than None/Strict/Lax (or an empty one) is treated as "Default". */
export default cookieCheck('COOKIE-SAMESITE-INVALID', {
  sessionOnly: false,
  rule: (c) =>
    c.sameSite !== undefined && !/^(strict|lax|none)$/i.test(c.sameSite)
      ? `SameSite="${c.sameSite}" is not Strict, Lax or None`
      : undefined,
  passReason: 'SameSite values are valid',
});
