/** A progress line on stderr: redrawn in place on a terminal, one line every few seconds otherwise. */
export class ProgressLine {
  #last = 0;
  readonly #tty = process.stderr.isTTY === true;
  readonly #started = performance.now();

  constructor(readonly label: string) {}

  /** `fraction` in [0, 1] when known; `detail` is free text such as counts and rates. */
  update(fraction: number | null, detail: string): void {
    const now = performance.now();
    if (now - this.#last < (this.#tty ? 100 : 5000)) return;
    this.#last = now;
    this.#draw(fraction, detail);
  }

  done(detail: string): void {
    this.#draw(1, detail);
    if (this.#tty) process.stderr.write('\n');
  }

  #draw(fraction: number | null, detail: string): void {
    const secs = ((performance.now() - this.#started) / 1000).toFixed(1);
    let bar = '';
    if (fraction !== null) {
      const width = 24;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% `;
    }
    const text = `${this.label} ${bar}${detail} (${secs}s)`;
    process.stderr.write(this.#tty ? `\r\x1b[2K${text}` : `${text}\n`);
  }
}

/** 1234567 → "1,234,567". */
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
