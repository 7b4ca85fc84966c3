/**
 * Learning streaks from a learner's active days: the longest run of consecutive local days with
 * activity, and the current run — the one that ends today or yesterday (today is not over yet, so
 * a streak is not broken before the day ends, as learning apps count it).
 *
 * @example
 *   streaksOf(Int32Array.of(10, 11, 12, 20, 21), 22); // { current: 2, longest: 3 }
 */
export interface Streaks {
  current: number;
  longest: number;
}

/** `days` ascending, without repeats (a subarray is fine); `today` is the local day of `asOf`. */
export function streaksOf(days: Int32Array, today: number): Streaks {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i] === days[i - 1]! + 1 ? run + 1 : 1;
    if (run > longest) longest = run;
  }
  const last = days.length > 0 ? days[days.length - 1]! : Number.NaN;
  const current = last === today || last === today - 1 ? run : 0;
  return { current, longest };
}
