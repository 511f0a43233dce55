// Where a benchmark figure comes from: the commit, whether the tree had uncommitted changes, and
// the machine and its load, so every table can say what it measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** `git status --porcelain` minus the benchmark's own outputs; '' on a clean tree (or outside git). */
export function uncommittedChanges(root: string): string {
  try {
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=normal'], { cwd: root, encoding: 'utf8' });
    return status.split('\n').filter((l) => l.trim() !== '' && !/ bench\/(results|\.out)\//.test(l)).join('\n');
  } catch {
    return '';
  }
}

/** The short commit hash of HEAD, or a phrase saying there is none. */
export function headCommit(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** The CPU model as /proc/cpuinfo names it (os.cpus() elsewhere). */
export function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

/** One line for a results header: "Node v20…, 2-core <cpu>, 24 GiB, load average 1.2". */
export function machineLine(): string {
  return `Node ${process.version}, ${cpus().length}-core ${cpuModel()}, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()[0].toFixed(2)} at the start`;
}
