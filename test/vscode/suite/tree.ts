// Reading api.describeTree(): labels depth first, two spaces of indent per level.
export interface TreeLine {
  depth: number;
  label: string;
  index: number;
}

export function parseTree(lines: string[]): TreeLine[] {
  return lines.map((raw, index) => {
    const indent = raw.length - raw.trimStart().length;
    return { depth: Math.floor(indent / 2), label: raw.trim(), index };
  });
}

/** The direct and deeper children of the node at `at` (until the next line at its depth or above). */
export function descendants(tree: TreeLine[], at: TreeLine): TreeLine[] {
  const out: TreeLine[] = [];
  for (let i = at.index + 1; i < tree.length && tree[i].depth > at.depth; i++) out.push(tree[i]);
  return out;
}

/** The experiment node `experiment` under the file node whose label contains `fileName`, with its runs. */
export function findExperiment(lines: string[], fileName: string, experiment: string): { file: TreeLine; experiment: TreeLine; runs: TreeLine[] } | undefined {
  const tree = parseTree(lines);
  for (const file of tree.filter((l) => l.label.includes(fileName))) {
    const exp = descendants(tree, file).find((l) => l.depth === file.depth + 1 && l.label.includes(experiment));
    if (exp) return { file, experiment: exp, runs: descendants(tree, exp).filter((l) => l.depth === exp.depth + 1) };
  }
  return undefined;
}
