/** Dense linear algebra on column-major Float64Array matrices: element (i,j) of an m×n matrix at [i + j*m]. */
export { DWARF, EPSMCH } from './constants.js';
export { covariance, type CovarianceResult } from './covariance.js';
export { DimensionError } from './errors.js';
export { lmpar } from './lmpar.js';
export { lstsq, type LstsqResult } from './lstsq.js';
export { enorm } from './norm.js';
export { applyQt, qrFactor, upperTriangle, type QrFactors } from './qr.js';
export { qrSolve } from './qrsolv.js';
export { rankTolerance, scaledQr, type ScaledQr } from './scaled-qr.js';
export { invertUpper, solveUpper, solveUpperTransposed } from './triangular.js';
export { CHUNK_ROWS, FOLD_BLOCK, foldRows, triangularFactor } from './row-fold.js';
