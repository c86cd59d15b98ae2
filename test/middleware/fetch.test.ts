import { behaviourSuite } from './behaviour-suite.js';

behaviourSuite('fetch');
