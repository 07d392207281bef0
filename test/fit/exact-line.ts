/**
 * The exact weighted least-squares line through points whose coordinates and weights are doubles,
 * in rational arithmetic (BigInt): the reference for fits with weights of very different sizes.
 */

/** v as an integer times 2^-SHIFT (exact for every finite double down to the subnormals). */
const SHIFT = 1100n;

function exactly(v: number): bigint {
  if (v === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  return sign * mantissa * (1n << BigInt(exponent + Number(SHIFT)));
}

/** n/d rounded to a double (to within an ulp: 80 bits of quotient). */
function quotient(n: bigint, d: bigint): number {
  const negative = n < 0n !== d < 0n;
  if (n < 0n) n = -n;
  if (d < 0n) d = -d;
  if (n === 0n) return 0;
  const shift = BigInt(n.toString(2).length - d.toString(2).length - 80);
  const q = shift > 0n ? n / (d << shift) : (n << -shift) / d;
  return (negative ? -1 : 1) * Number(q) * 2 ** Number(shift);
}

/**
 * Slope and intercept of the line that minimises Σ (w_i·(y_i − a·x_i − b))², with w_i = 1/σ_i as
 * doubles (the weights gradfit uses), exactly.
 */
export function exactWeightedLine(x: ArrayLike<number>, y: ArrayLike<number>, sigma: ArrayLike<number>): { slope: number; intercept: number } {
  let [sw, swx, swxx, swy, swxy] = [0n, 0n, 0n, 0n, 0n];
  for (let i = 0; i < x.length; i++) {
    const w1 = exactly(1 / sigma[i]);
    const w = (w1 * w1) >> SHIFT; // exact for weights above 2^-500
    const X = exactly(x[i]);
    const Y = exactly(y[i]);
    sw += w;
    swx += w * X;
    swxx += w * X * X;
    swy += w * Y;
    swxy += w * X * Y;
  }
  const d = sw * swxx - swx * swx;
  return { slope: quotient(sw * swxy - swx * swy, d), intercept: quotient(swxx * swy - swx * swxy, d << SHIFT) };
}

/**
 * A line 0.5 + 1.25·x through K pairs of light points (σ = 1) at xh + k and xh + 2k, with dyadic
 * residuals, and one heavy point (σ = sigma) at xh placed in the middle of the rows.
 */
export function stiffLine(K: number, sigma: number, xh: number): { x: number[]; y: number[]; s: number[] } {
  const rows: [number, number, number][] = [];
  for (let k = 1; k <= K; k++) {
    const e = (((k * 37) % 11) - 3) / 16;
    rows.push([xh + k, e, 1], [xh + 2 * k, -e / 2, 1]);
  }
  rows.splice(Math.floor(rows.length / 2), 0, [xh, 0, sigma]);
  return { x: rows.map((r) => r[0]), y: rows.map((r) => 0.5 + 1.25 * r[0] + r[1]), s: rows.map((r) => r[2]) };
}
