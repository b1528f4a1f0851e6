/** Code-unit order, the same on every machine (unlike `localeCompare`, which follows the locale). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
