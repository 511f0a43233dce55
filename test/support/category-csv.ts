// Generated CSV with category columns whose values first appear all over the file (so in different
// splits), nulls, quoted and escaped values, and bad records, for the tests that cut files into splits.

export const CATEGORY_SCHEMA = (maxCategories: number) => ({
  k: { type: 'category', maxCategories },
  n: 'i32',
  m: { type: 'category', nullable: true, maxCategories },
} as const);

/**
 * Rows of `k,n,m`. `distinct` values per column, drawn so new ones keep turning up (a value's first
 * appearance may be in any split); `bad` adds broken records (a bad number, a wrong field count, a
 * bad quote), whose category values must not enter the dictionary when their record is dropped.
 */
export function categoryCsv(rand: () => number, rows: number, distinct: number, bad: boolean): string {
  const value = (i: number) => (i % 5 === 0 ? `"q${i},""x""\n"` : i % 7 === 0 ? `"v${i}"` : `v${i}`);
  // Values drawn from a window that slides along the file: late values first appear late.
  const draw = (r: number) => {
    const centre = Math.floor((r / rows) * distinct);
    return Math.min(distinct - 1, Math.max(0, centre + Math.floor((rand() - 0.5) * 6)));
  };
  let text = 'k,n,m\n';
  for (let r = 0; r < rows; r++) {
    const k = value(draw(r));
    const m = rand() < 0.2 ? '' : value(draw(rows - 1 - r) + 1000);
    let n = String(Math.floor(rand() * 1000));
    if (bad && rand() < 0.1) {
      const kind = Math.floor(rand() * 3);
      if (kind === 0) n = 'oops';
      else if (kind === 1) { text += `${k},${n}\n`; continue; }
      else { text += `${k},${n},"ab"c\n`; continue; }
    }
    text += `${k},${n},${m}\n`;
  }
  return text;
}
