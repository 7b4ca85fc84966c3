import { itemknn } from '../../src/recommend/algorithms/itemknn.js';
import { runContractSuite } from './contract.js';

runContractSuite(itemknn, { params: { neighbours: 5 } });
runContractSuite(itemknn, { params: { neighbours: 50, weighting: 'bm25', alpha: 0.7, exponent: 2, recencyHalfLife: 3 } });
runContractSuite(itemknn, { params: { weighting: 'tfidf', shrink: 0 } });
