/**
 * ATC codes by level: 1 anatomical group (B), 2 therapeutic (B01), 3 pharmacological (B01A),
 * 4 chemical subgroup (B01AB), 5 substance (B01AB05).
 */

/** The substance (level 5) code, or null when the code is not that precise. */
export function substanceOf(atc: string | null): string | null {
  return atc !== null && atc.length >= 7 ? atc.slice(0, 7) : null;
}

/** The chemical subgroup (level 4) code, or null when the code is not that precise. */
export function chemicalSubgroupOf(atc: string | null): string | null {
  return atc !== null && atc.length >= 5 ? atc.slice(0, 5) : null;
}

/** True when the code falls under one of the high-alert classes (prefixes of any level). */
export function isHighAlert(atc: string | null, classes: readonly string[]): boolean {
  return atc !== null && classes.some((c) => atc.startsWith(c));
}
