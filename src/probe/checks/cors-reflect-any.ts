import { reflectionCheck } from '../cors-check.js';

export default reflectionCheck('CORS-REFLECT-ANY', 'reflect-any', { creds: 'critical', plain: 'medium' });
