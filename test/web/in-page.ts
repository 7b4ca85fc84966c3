/**
 * Functions that run inside the dashboard's page (handed to `page.evaluate`, `waitForFunction`,
 * `$$eval`): Playwright sends their source, so they use only the browser's globals and their
 * arguments. The project type-checks for Node without the DOM library; the few browser shapes
 * used here are declared in this module only, so no DOM global leaks into the server's code.
 *
 * @example
 *   await page.waitForFunction(settledAtMs, undefined, { polling: 100 });
 *   const blank = await page.$$eval('[data-chart]', blankChartLabels);
 */

/** The part of a DOM element these functions use. */
export interface InPageElement {
  querySelector(selector: string): InPageElement | null;
  querySelectorAll(selector: string): ArrayLike<InPageElement>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; height: number };
  readonly textContent: string | null;
}

declare const document: InPageElement & { documentElement: { scrollWidth: number; clientWidth: number; lang: string } };
declare function fetch(path: string): Promise<{ status: number }>;
declare const window: { learnloopSeen?: Record<string, boolean> };
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: unknown, options: { subtree: boolean; childList: boolean; attributes: boolean }): void;
}
declare const performance: {
  now(): number;
  getEntriesByType(type: 'resource'): { name: string; initiatorType: string; startTime: number; responseEnd: number }[];
};

/**
 * 0 until the page has settled, then the time since the navigation started (ms, > 0): a level-1
 * heading, nothing busy (`[aria-busy=true]`), and every `[data-chart]` figure drawn (an `<svg>`
 * with shapes) or replaced by an empty or error state.
 */
export function settledAtMs(): number {
  if (!document.querySelector('main h1')) return 0;
  if (document.querySelector('[aria-busy="true"]')) return 0;
  const figures = document.querySelectorAll('[data-chart]');
  for (let i = 0; i < figures.length; i++) {
    const svg = figures[i]!.querySelector('svg');
    if (!svg || !svg.querySelector('path, rect, text')) return 0;
  }
  return Math.max(performance.now(), 1e-3);
}

/** 0 until a first chart is drawn and nothing is busy, then the time since the navigation started (ms). */
export function firstChartAtMs(): number {
  if (document.querySelector('[aria-busy="true"]')) return 0;
  const svg = document.querySelector('[data-chart] svg');
  if (!svg || !svg.querySelector('path, rect')) return 0;
  return Math.max(performance.now(), 1e-3);
}

/** Labels of the charts whose SVG has nothing drawn (the "blank chart" pages must never show). */
export function blankChartLabels(figures: InPageElement[]): string[] {
  const blank: string[] = [];
  for (const figure of figures) {
    const svg = figure.querySelector('svg');
    const box = svg?.getBoundingClientRect();
    // Axes alone are a few paths; a drawn series adds more, and an SVG of no size shows nothing.
    if (!svg || !box || box.width < 10 || box.height < 10 || svg.querySelectorAll('path, rect, circle').length < 3) {
      blank.push(figure.getAttribute('data-chart') ?? '?');
    }
  }
  return blank;
}

/** The cells of table rows as trimmed text. */
export function rowTexts(rows: InPageElement[]): string[][] {
  return rows.map((row) => Array.from(row.querySelectorAll('td'), (td) => (td.textContent ?? '').trim()));
}

/** How many pixels the page is wider than the window (≤ 0: no sideways scrolling). */
export function horizontalOverflow(): number {
  return document.documentElement.scrollWidth - document.documentElement.clientWidth;
}

export function documentLangIs(lang: string): boolean {
  return document.documentElement.lang === lang;
}

/** The status of a same-origin GET from the page, with whatever cookie the page has. */
export function fetchStatus(path: string): Promise<number> {
  return fetch(path).then((r) => r.status);
}

/**
 * Where a page load's time went, from the browser's resource timing (ms since the navigation
 * started): the API calls (how many, the slowest one's duration, when the last answered) and when
 * the last script arrived.
 */
export function loadBreakdown(): { apiCalls: number; slowestApiMs: number; lastApiEndMs: number; scriptsEndMs: number } {
  let apiCalls = 0, slowestApiMs = 0, lastApiEndMs = 0, scriptsEndMs = 0;
  for (const e of performance.getEntriesByType('resource')) {
    const path = new URL(e.name).pathname;
    if (path.startsWith('/v1/')) {
      apiCalls++;
      slowestApiMs = Math.max(slowestApiMs, e.responseEnd - e.startTime);
      lastApiEndMs = Math.max(lastApiEndMs, e.responseEnd);
    } else if (e.initiatorType === 'script' || path.endsWith('.js')) {
      scriptsEndMs = Math.max(scriptsEndMs, e.responseEnd);
    }
  }
  return { apiCalls, slowestApiMs, lastApiEndMs, scriptsEndMs };
}

/**
 * Starts noting whether an element matching `selector` is ever in the page, however briefly (a
 * progress bar of a quick operation); `seenSelector` answers later.
 */
export function noteSelector(selector: string): void {
  const seen = (window.learnloopSeen ??= {});
  seen[selector] = document.querySelector(selector) !== null;
  new MutationObserver(() => {
    if (document.querySelector(selector)) seen[selector] = true;
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

export function seenSelector(selector: string): boolean {
  return window.learnloopSeen?.[selector] === true;
}
