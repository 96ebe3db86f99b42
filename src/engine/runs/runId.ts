// Run ids sort by time and read well: 20261122-224455-digits-mlp-a3f9.
import { randomBytes } from 'node:crypto';

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'run';
}

export function newRunId(name: string, now = new Date()): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  return `${stamp}-${slug(name)}-${randomBytes(2).toString('hex')}`;
}
