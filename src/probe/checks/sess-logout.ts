import { defineCheck, skip } from '../define-check.js';

/** Needs a logout recipe (which request logs out); plain anonymous HTTP cannot exercise it. */
export default defineCheck({
  id: 'SESS-LOGOUT',
  async run() {
    return skip('needs a logout request to replay; not detectable with anonymous requests');
  },
});
