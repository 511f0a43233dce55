// Generated CSV that puts tricky bytes at every offset, for the tests that cut files into splits.

/** A CSV built to put tricky bytes at every offset; `bad` adds broken records. */
export function tricky(rand: () => number, bad: boolean): { text: string; header: boolean } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const header = rand() < 0.7;
  const eol = () => (rand() < 0.3 ? '\r\n' : '\n');
  let text = rand() < 0.2 ? '\ufeff' : '';
  if (header) text += pick(['n,s,x', 'x,n,s,extra', '"n","s","x"']).replace(/^x,n,s,extra$/, 'x,n,s,extra') + eol();
  const order = header && text.includes('extra') ? ['x', 'n', 's', 'extra'] : ['n', 's', 'x'];
  const pieces = ['a', ',', '\n', '\r\n', '""', '1,"x",2\n', '\r', 'é', ' ', '"\n"', ',,\n'];
  const rows = 5 + Math.floor(rand() * 60);
  for (let r = 0; r < rows; r++) {
    if (rand() < 0.08) { text += eol(); continue; } // a blank line
    const value: Record<string, string> = {
      n: String(Math.floor(rand() * 2000) - 1000),
      s: rand() < 0.6 ? '"' + Array.from({ length: Math.floor(rand() * 6) }, () => pick(pieces)).join('') + '"' : pick(['plain', '', 'a b', 'x"y']),
      x: rand() < 0.2 ? '' : rand() < 0.2 ? `"${(rand() * 100).toFixed(2)}"` : (rand() * 100).toFixed(3),
      extra: pick(['e', '"e\ne"', '']),
    };
    if (bad && rand() < 0.12) {
      const kind = pick(['number', 'empty', 'range', 'more', 'fewer', 'quote', 'quote-nl']);
      if (kind === 'number') value.n = 'abc';
      else if (kind === 'empty') value.n = '';
      else if (kind === 'range') value.n = '99999999999';
      else if (kind === 'quote') value.s = '"ab"c' + pick(['', ',"q\n"', '"']);
      else if (kind === 'quote-nl') value.s = '"a\nb"x,"c\n' + pick(['d"', '"']);
      let fields = order.map((k) => value[k]);
      if (kind === 'more') fields.push('"more\n"');
      if (kind === 'fewer') fields = fields.slice(0, 1);
      text += fields.join(',') + eol();
      continue;
    }
    text += order.map((k) => value[k]).join(',') + eol();
  }
  if (rand() < 0.3) text = text.replace(/\r?\n$/, ''); // no final line end
  if (bad && rand() < 0.05) text += '1,"never closed\n2,a,3\n';
  return { text, header };
}
