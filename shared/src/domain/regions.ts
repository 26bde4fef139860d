/**
 * GB/T 2260 codes carry their hierarchy: 43 0000 is 湖南省, 4331 00 its 湘西州, 433122 泸溪县.
 * These helpers work on the codes alone, so hard rules can use them without a database round trip.
 */
export type RegionLevel = 1 | 2 | 3;

export function regionLevel(code: string): RegionLevel {
  if (code.endsWith('0000')) return 1;
  if (code.endsWith('00')) return 2;
  return 3;
}

/** The codes of the region itself and every region above it, nearest first. */
export function regionAncestors(code: string): string[] {
  const level = regionLevel(code);
  const province = `${code.slice(0, 2)}0000`;
  const city = `${code.slice(0, 4)}00`;
  if (level === 1) return [code];
  if (level === 2) return [code, province];
  return [code, city, province];
}

/** True when `code` is `area` or lies inside it (a person willing to go to 济南市 accepts 历下区). */
export function regionContains(area: string, code: string): boolean {
  const level = regionLevel(area);
  if (level === 1) return code.slice(0, 2) === area.slice(0, 2);
  if (level === 2) return code.slice(0, 4) === area.slice(0, 4);
  return code === area;
}
