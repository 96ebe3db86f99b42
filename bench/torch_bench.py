#!/usr/bin/env python3
"""The benchmark's workloads in PyTorch (CPU), for the ratio in `npm run bench`.

Usage: torch_bench.py --threads N --steps S [--min-seconds T] --warmup W [--only mlp,cnn,lstm]
Prints one JSON line: {"threads": N, "torch": version, "blas": library, "results": {name: {samplesPerSecond, msPerStep}}}.
Debian's PyTorch does its matrix products through whichever libblas.so.3 is installed: the reference
one (libblas3) is several times slower than OpenBLAS (libopenblas0-pthread), so "blas" says which.
Same models, batch sizes, losses and Adam (lr 1e-3) as bench/workloads.ts, synthetic random data,
one optimizer step per batch including a read of the loss (as Model Lab reads it every step).
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 16, 3)
        self.bn = nn.BatchNorm2d(16)
        self.c2 = nn.Conv2d(16, 32, 3)
        self.drop = nn.Dropout(0.25)
        self.fc = nn.Linear(32 * 11 * 11, 10)

    def forward(self, x):
        x = F.max_pool2d(self.bn(F.relu(self.c1(x))), 2)
        x = F.relu(self.c2(x))
        return self.fc(self.drop(torch.flatten(x, 1)))


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 32, batch_first=True)
        self.fc = nn.Linear(32, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])


def workloads():
    return {
        "mlp": (lambda: nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10)), 128, (784,), "ce"),
        "cnn": (Cnn, 64, (1, 28, 28), "ce"),
        "lstm": (Lstm, 32, (20, 8), "mse"),
    }


def bench(make, batch, shape, loss_kind, steps, warmup, min_seconds=0.0):
    """Samples/s over at least `steps` steps and `min_seconds` after `warmup` steps."""
    torch.manual_seed(1)
    model = make()
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = 8  # a few distinct batches, cycled
    xs = [torch.randn(batch, *shape) for _ in range(n)]
    ys = [torch.randint(0, 10, (batch,)) if loss_kind == "ce" else torch.randn(batch, 1) for _ in range(n)]
    t0 = None
    i = 0
    while i < warmup + steps or time.perf_counter() - t0 < min_seconds:
        if i == warmup:
            t0 = time.perf_counter()
        x, y = xs[i % n], ys[i % n]
        opt.zero_grad()
        out = model(x)
        loss = F.cross_entropy(out, y) if loss_kind == "ce" else F.mse_loss(out, y)
        loss.backward()
        opt.step()
        loss.item()
        i += 1
    seconds = time.perf_counter() - t0
    steps = i - warmup
    return {"samplesPerSecond": steps * batch / seconds, "msPerStep": 1000 * seconds / steps}


def blas_library():
    """The BLAS shared library this process loaded (Linux), e.g. 'openblas-pthread/libblas.so.3'."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1].lower()}
    except OSError:
        return "unknown"
    names = sorted("/".join(p.split("/")[-2:]) for p in paths)
    return ", ".join(names) or "none loaded"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=0, help="0: PyTorch's default")
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--min-seconds", type=float, default=0.0)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--only", default="")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    only = set(filter(None, a.only.split(",")))
    results = {}
    for name, (make, batch, shape, loss_kind) in workloads().items():
        if only and name not in only:
            continue
        results[name] = bench(make, batch, shape, loss_kind, a.steps, a.warmup, a.min_seconds)
    print(json.dumps({"threads": torch.get_num_threads(), "torch": torch.__version__, "blas": blas_library(), "results": results}))


if __name__ == "__main__":
    main()
