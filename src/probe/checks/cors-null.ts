import { reflectionCheck } from '../cors-check.js';

export default reflectionCheck('CORS-NULL', 'null', { creds: 'high', plain: 'medium' });
