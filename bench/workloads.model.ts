// The synthetic workloads as a model file, for runs that load models from files (data-parallel
// replicas set up from the file in each worker thread). BENCH_STEPS: batches in the one epoch.
import { WORKLOADS } from './workloads';

const steps = Number(process.env.BENCH_STEPS ?? 45);
const byName = (name: string) => WORKLOADS.find((w) => w.name === name)!.experiment(steps, false);

export const mlp = byName('mlp');
export const cnn = byName('cnn');
export const lstm = byName('lstm');
