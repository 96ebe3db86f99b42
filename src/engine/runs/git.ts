// Where the model file stands in git, and its content hash: what a run needs to be reproduced.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function gitInfo(file: string): { commit: string; dirty: boolean } | undefined {
  const cwd = path.dirname(file);
  const git = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  try {
    const commit = git(['rev-parse', 'HEAD']);
    const status = git(['status', '--porcelain', '--', path.basename(file)]);
    return { commit, dirty: status.length > 0 };
  } catch {
    return undefined; // not a repository, no commits yet, or no git
  }
}

export function fileSha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
