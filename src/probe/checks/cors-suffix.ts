import { reflectionCheck } from '../cors-check.js';

export default reflectionCheck('CORS-SUFFIX', 'suffix', { creds: 'high', plain: 'medium' });
