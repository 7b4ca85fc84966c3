/**
 * The obvious definitions the fast ranking metrics are checked against: ROC-AUC over every
 * (churner, stayer) pair, average precision by thresholding at every distinct score.
 *
 * @example
 *   rocAucReference([0.9, 0.1, 0.8], [1, 0, 0]); // 1
 */
export function rocAucReference(scores: readonly number[], y: readonly number[]): number {
  let wins = 0, pairs = 0;
  scores.forEach((s, i) => {
    if (!y[i]) return;
    scores.forEach((t, j) => {
      if (y[j]) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return pairs ? wins / pairs : Number.NaN;
}

export function averagePrecisionReference(scores: readonly number[], y: readonly number[]): number {
  const positives = y.filter(Boolean).length;
  if (!positives) return Number.NaN;
  let sum = 0;
  scores.forEach((s, i) => {
    if (!y[i]) return;
    const atLeast = scores.map((t, j) => ({ t, j })).filter((e) => e.t >= s);
    sum += atLeast.filter((e) => y[e.j]).length / atLeast.length;
  });
  return sum / positives;
}
