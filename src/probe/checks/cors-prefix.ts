import { reflectionCheck } from '../cors-check.js';

export default reflectionCheck('CORS-PREFIX', 'prefix', { creds: 'high', plain: 'medium' });
