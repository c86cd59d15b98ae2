import { reflectionCheck } from '../cors-check.js';

export default reflectionCheck('CORS-SUBDOMAIN-ANY', 'subdomain', { creds: 'medium', plain: 'low' });
