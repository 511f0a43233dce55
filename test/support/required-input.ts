// Inputs a test needs from outside the repository (the shared float vectors, Debian's Chromium):
// on a developer's machine a missing one skips those tests with a warning that says how to get it;
// under CI (CI=true) it is a failing test instead, so a CI run can never pass by skipping them.
import { describe, it } from 'vitest';

/** True when the input is there; otherwise warns (or, under CI, registers a failing test). */
export function requiredInput(present: boolean, what: string, fix: string): boolean {
  if (present) return true;
  if (process.env.CI) {
    describe(`required input: ${what}`, () => {
      it('is present under CI', () => {
        throw new Error(`${what} is missing: ${fix}`);
      });
    });
  } else {
    console.warn(`${what} is missing, so the tests that need it are SKIPPED (under CI=true they fail): ${fix}`);
  }
  return false;
}
