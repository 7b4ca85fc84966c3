/**
 * Platt scaling — calibrated probability σ(a·m + b) of a model's log-odds m, with a and b fitted by
 * Newton's method on held-out rows — and the expected calibration error that says whether it
 * worked: Σ over 10 equal-width probability bins of (rows in bin ÷ n) · |mean probability − churn
 * rate in bin|.
 *
 * @example
 *   const platt = fitPlatt(validationMargins, validationLabels); // { a: 0.93, b: -0.12 }
 *   const p = calibrated(platt, margin);
 *   expectedCalibrationError(probabilities, labels);            // 0.021
 */
import { sigmoid } from './logistic.js';

export interface Platt {
  a: number;
  b: number;
}

export function calibrated(platt: Platt, margin: number): number {
  return sigmoid(platt.a * margin + platt.b);
}

export function fitPlatt(margins: Float64Array, y: Uint8Array): Platt {
  let a = 1;
  let b = 0;
  // A whisper of ridge on a keeps a perfectly separated split from running to infinity.
  const ridge = 1e-6;
  for (let it = 0; it < 100; it++) {
    let ga = ridge * (a - 1), gb = 0, haa = ridge, hab = 0, hbb = 1e-12;
    for (let i = 0; i < margins.length; i++) {
      const m = margins[i]!;
      const q = sigmoid(a * m + b);
      const r = q - y[i]!;
      const s = q * (1 - q);
      ga += r * m;
      gb += r;
      haa += s * m * m;
      hab += s * m;
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-12) break;
  }
  return { a, b };
}

export function expectedCalibrationError(p: Float64Array, y: Uint8Array, bins = 10): number {
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i]! * bins));
    count[b]!++;
    sumP[b]! += p[i]!;
    sumY[b]! += y[i]!;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) ece += Math.abs(sumP[b]! - sumY[b]!) / p.length;
  return ece;
}
