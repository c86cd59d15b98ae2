import { persistCheck } from '../persist-check.js';

export default persistCheck('SESS-BODY-PERSIST', 'body');
