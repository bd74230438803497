/** Option pricing: the normal distribution, Black–Scholes–Merton with its Greeks, and implied volatility. */
export { INV_SQRT_2PI, gaussExp, normCdf, normCdfFromExp, normPdf } from './normal';
export { MIN_TOTAL_VOL, bsm, bsmInto, bsmPrice, createGreeks } from './bsm';
export { IV_MAX, IV_PRICE_TOLERANCE, IvError, impliedVol, impliedVolBatch, type IvBatchItem, type IvFailure, type IvQuery, type IvResult } from './iv';
