import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coreBuild } from '../src/core/wasm.js';
import * as tsLayout from '../src/core/layout.js';

describe('the core under test', () => {
  it('is the build this test project asks for (release, simd, or debug with assertions)', () => {
    expect(process.env.TYPED_CSV_EXPECT_BUILD).toBeDefined();
    expect(coreBuild).toBe(process.env.TYPED_CSV_EXPECT_BUILD);
  });
});

describe('the memory contract', () => {
  // assembly/layout.ts and src/core/layout.ts describe the same memory; a number changed on one side
  // only would make the driver read garbage.
  const source = readFileSync(new URL('../assembly/layout.ts', import.meta.url), 'utf8');
  const asConstants = new Map<string, number>();
  for (const m of source.matchAll(/export const (\w+): [iu]32 = (\d+);/g)) asConstants.set(m[1], Number(m[2]));

  it('has the same descriptor, result, status and error numbers on both sides', () => {
    const names = Object.keys(tsLayout).filter((k) => /^(D_|R_|S_|E_|P_|DESC_SIZE|RESULT_SIZE|PARAM_CATEGORY_SIZE|T_SKIP|T_TIMESTAMP_)/.test(k));
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) {
      expect(asConstants.get(name), name).toBe((tsLayout as Record<string, unknown>)[name]);
    }
  });

  it('has the same type codes on both sides', () => {
    for (const [type, code] of Object.entries(tsLayout.TYPE_CODE)) {
      expect(asConstants.get(`T_${type.toUpperCase()}`), type).toBe(code);
    }
  });
});

describe('the error description layout', () => {
  it('puts R_ERR_CODE .. R_ERR_FIELDS in the order and spacing of L_CODE .. L_FIELDS (one writer serves both)', () => {
    const pairs = [['R_ERR_CODE', 'L_CODE'], ['R_ERR_COL', 'L_COL'], ['R_ERR_POS', 'L_POS'], ['R_ERR_LINES', 'L_LINES'], ['R_ERR_TEXT_START', 'L_TEXT_START'],
      ['R_ERR_TEXT_END', 'L_TEXT_END'], ['R_ERR_ESCAPED', 'L_ESCAPED'], ['R_ERR_FIELDS', 'L_FIELDS']] as const;
    for (const [r, l] of pairs) expect(tsLayout[r] - tsLayout.R_ERR_CODE, r).toBe(tsLayout[l] - tsLayout.L_CODE);
  });
});
