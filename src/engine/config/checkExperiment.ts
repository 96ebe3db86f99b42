// Checks an experiment against its schema before anything loads, trains or is recorded: the first wrong key
// or value becomes a LoadError (exit 2) at the line of that key, with the allowed keys and "did you mean".
import type { Experiment, SourceLocation } from '../../sdk/types';
import { formatLocation, LoadError, type LoadErrorCode } from '../loader/errors';
import { locateKeyPath } from '../loader/keyLocations';
import { dataOptionsSchema, EXPERIMENT } from './experimentSchema';
import { isPlainObject, validate, type SchemaIssue } from './schema';

export function checkExperiment(experiment: Experiment): void {
  const config = experiment.config as unknown as Record<string, unknown>;
  const issues = [...validate(config, EXPERIMENT), ...dataIssues(config.data)];
  if (issues.length === 0) return;
  const [first, ...more] = issues;
  // The first at its line; the others listed under it, so one run of the command shows every typo.
  const details = more.length ? more.map((i) => `${formatLocation(locate(experiment, i))}: ${i.message}`).join('\n') : undefined;
  throw new LoadError(codeOf(first), first.message, locate(experiment, first), details);
}

/** A dataset's options, checked against that dataset's schema (their paths start at `data`). */
function dataIssues(data: unknown): SchemaIssue[] {
  if (!isPlainObject(data) || typeof data.kind !== 'string' || data.options === undefined) return [];
  return validate(data.options, dataOptionsSchema(data as never), ['data']).map((i) => ({ ...i, message: i.message.replace(/'data\./g, "'") }));
}

/** The error codes `--json` has always given for these (a public contract), else bad-config. */
function codeOf(issue: SchemaIssue): LoadErrorCode {
  const [top, second] = issue.path;
  if (issue.path.length === 1 && top === 'loss' && !/needs/.test(issue.message)) return 'unknown-loss';
  if (top === 'optimizer' && ((issue.path.length === 1 && /must be one of/.test(issue.message)) || (second === 'name' && issue.path.length === 2))) return 'unknown-optimizer';
  if (issue.path[0]?.startsWith('metrics')) return 'unknown-metric';
  return 'bad-config';
}

/** The offending key's line: under the experiment's call, else under the dataset's own call, else the call. */
function locate(experiment: Experiment, issue: SchemaIssue): SourceLocation | undefined {
  const at = experiment.location;
  if (!at) return undefined;
  const missing = /needs '/.test(issue.message);
  // A missing key has no line of its own: the object that lacks it stands for it.
  const path = missing ? issue.path.slice(0, -1) : issue.path;
  const data = experiment.config.data as unknown as { callSite?: SourceLocation } | undefined;
  if (path[0] === 'data' && path.length > 1 && data?.callSite) {
    const found = locateKeyPath(data.callSite, path.slice(1)) ?? locateKeyPath(at, path);
    if (found) return found;
  }
  return (path.length ? locateKeyPath(at, path) : undefined) ?? at;
}
