/** Option pricing: the normal distribution, Black–Scholes–Merton with its Greeks, and implied volatility. */
export { INV_SQRT_2PI, expNeg, gaussExp, normCdf, normCdfFromExp, normPdf, normTailFromExp } from './normal';
export { MIN_TOTAL_VOL, bsm, bsmBatch, bsmInto, bsmPrice, createBsmBatch, createGreeks, type BsmBatch } from './bsm';
export { IV_MAX, IV_PRICE_TOLERANCE, IvError, impliedVol, impliedVolBatch, type IvBatchItem, type IvFailure, type IvQuery, type IvResult } from './iv';
