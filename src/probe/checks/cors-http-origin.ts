import { reflectionCheck } from '../cors-check.js';

export default reflectionCheck('CORS-HTTP-ORIGIN', 'http', { creds: 'medium', plain: 'low' });
