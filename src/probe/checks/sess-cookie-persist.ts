import { persistCheck } from '../persist-check.js';

export default persistCheck('SESS-COOKIE-PERSIST', 'cookie');
