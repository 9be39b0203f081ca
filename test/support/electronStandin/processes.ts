// The processes an app under the stand-in left behind: launch.ts gives the app its home in
// CLAWBAR_STANDIN_HOME, and every process it starts inherits that environment.
import fs from 'node:fs';

/** Processes started by the app of this home (each inherits the home in its environment). */
export function processesOf(home: string): number[] {
  const marker = `\0CLAWBAR_STANDIN_HOME=${home}\0`;
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return `\0${fs.readFileSync(`/proc/${pid}/environ`, 'utf8')}`.includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}
