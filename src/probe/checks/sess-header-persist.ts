import { persistCheck } from '../persist-check.js';

export default persistCheck('SESS-HEADER-PERSIST', 'header');
