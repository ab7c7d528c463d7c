"""How fast is micrograd, against plain Python floats and karpathy/micrograd measured in the same run?

Three workloads, each an MLP with ReLU hidden layers and a linear output
(karpathy/micrograd's defaults), trained with a squared loss:

- narrow: 2-16-16-1 over 64 two-moons points (many small neurons);
- wide:   784-128-10 on one MNIST-sized sample (neurons with 784 inputs);
- neuron: one linear neuron with 16,000 inputs, on one sample.

One step is forward, zero grads, backward, SGD update. The floor is the same
forward pass in plain floats with the same parameters: no graph, no gradients.
karpathy/micrograd (PyPI's micrograd==0.1.0, installed into .bench/ at the
first run and run in a process of its own, see karpathy_worker.py) trains the
same model from the same parameters, its steps interleaved with ours.

    python benchmarks/bench_engine.py [--repeats R] [--no-karpathy] [--only NAME ...]

Timings are the best of R repeats, so noise from other work on a shared
machine inflates them less; the ratios are what to compare across machines.
"""

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from micrograd.datasets import make_moons  # noqa: E402
from micrograd.engine import Value  # noqa: E402
from micrograd.nn import MLP  # noqa: E402


def narrow():
    X, y = make_moons(64, noise=0.1, seed=0)
    return 2, [16, 16, 1], X, [[label] for label in y], 5


def wide():
    rng = random.Random(0)
    x = [rng.random() for _ in range(784)]  # a 28 x 28 image's pixels, in [0, 1)
    return 784, [128, 10], [x], [[1.0 if k == 3 else 0.0 for k in range(10)]], 1


def neuron():
    return 16_000, [1], [[float(i % 7) for i in range(16_000)]], [[1.0]], 1


WORKLOADS = {"narrow": narrow, "wide": wide, "neuron": neuron}  # name: () -> nin, nouts, X, targets, steps per timing


def make_model(nin, nouts, seed=0):
    random.seed(seed)
    return MLP(nin, nouts, activation="relu", output_activation="linear")


def outputs(model, x):
    out = model(x)
    return out if isinstance(out, list) else [out]


def engine_loss(model, X, targets):
    return sum((o - t) ** 2 for x, ts in zip(X, targets) for o, t in zip(outputs(model, x), ts))


def engine_step(model, X, targets, lr=1e-3):
    loss = engine_loss(model, X, targets)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss


def float_loss(model, X, targets):
    """engine_loss's forward pass, in the same order as MLP/Layer/Neuron and sum() do it, in plain floats."""
    layers = [[([w.data for w in n.w], n.b.data, n.activation) for n in layer.neurons] for layer in model.layers]
    total = 0
    for x, ts in zip(X, targets):
        for layer in layers:
            out = []
            for w, b, activation in layer:
                act = b
                for wi, xi in zip(
                    w, x
                ):  # one addition at a time: sum() of floats compensates rounding on Python >= 3.12
                    act = act + wi * xi
                out.append(act if activation == "linear" or act > 0.0 else 0.0)
            x = out
        for o, t in zip(x, ts):
            total = total + (o - t) ** 2
    return total


def best_time(fn, calls, repeats):
    """The best over `repeats` of the mean time of `calls` calls to fn()."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()  # the result is dropped at once, as in a training loop
        best = min(best, (time.perf_counter() - t0) / calls)
    return best


def bytes_per_node(length=100_000):
    """Memory held by a chain v = v * c + c, per Value node in it (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    v = Value(0.5)
    for _ in range(length):
        v = v * 0.999 + 0.001
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    nodes = len(v.topological_order())
    return (after - before) / nodes, nodes


BENCH_DIR = Path(__file__).resolve().parent
KARPATHY = BENCH_DIR.parent / ".bench" / "karpathy-micrograd"  # not committed: see .gitignore
KARPATHY_RELEASE = "micrograd==0.1.0"  # karpathy/micrograd on PyPI


class Karpathy:
    """A process running karpathy's micrograd on a workload, from our model's current parameters."""

    def __init__(self, nin, nouts, model, X, targets):
        if not (KARPATHY / "micrograd" / "engine.py").exists():
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--no-deps",
                    "--target",
                    str(KARPATHY),
                    KARPATHY_RELEASE,
                ],
                check=True,
            )
        self.worker = subprocess.Popen(
            [sys.executable, "-s", str(BENCH_DIR / "karpathy_worker.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={
                **os.environ,
                "PYTHONPATH": str(KARPATHY),
            },  # ahead of site-packages, where this project's micrograd is
        )
        workload = {
            "nin": nin,
            "nouts": nouts,
            "parameters": [p.data for p in model.parameters()],
            "X": X,
            "targets": targets,
        }
        module = self.ask(json.dumps(workload))["module"]
        if not Path(module).is_relative_to(KARPATHY):
            sys.exit(f"the worker imported {module}, not karpathy's micrograd")

    def ask(self, line):
        self.worker.stdin.write(line + "\n")
        self.worker.stdin.flush()
        return json.loads(self.worker.stdout.readline())

    def close(self):
        self.worker.stdin.close()
        self.worker.wait()


def run(name, repeats, with_karpathy):
    nin, nouts, X, targets, steps = WORKLOADS[name]()
    model = make_model(nin, nouts)
    loss = engine_loss(model, X, targets)
    row = {"name": name, "nodes": len(loss.topological_order()), "parameters": len(model.parameters())}
    if loss.data != float_loss(model, X, targets):
        sys.exit(f"{name}: the engine's loss differs from the same forward pass in floats")
    del loss
    row["floor"] = best_time(lambda: float_loss(model, X, targets), steps, repeats)
    if not with_karpathy:
        row["ours"] = best_time(lambda: engine_step(model, X, targets), steps, repeats)
        return row
    karpathy = Karpathy(nin, nouts, model, X, targets)
    theirs_loss = karpathy.ask("loss")
    if engine_loss(model, X, targets).data != theirs_loss:  # the same arithmetic in the same order
        sys.exit(f"{name}: the engine's loss differs from karpathy's on the same parameters")
    ours, theirs = [], []
    for _ in range(repeats):  # interleaved: a busy moment of the machine slows both alike
        ours.append(best_time(lambda: engine_step(model, X, targets), steps, 1))
        theirs.append(karpathy.ask(f"step {steps}"))
    karpathy.close()
    row.update(ours=min(ours), karpathy=min(theirs))
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-karpathy", action="store_true", help="skip the comparison with karpathy/micrograd")
    parser.add_argument("--only", nargs="+", choices=list(WORKLOADS), default=list(WORKLOADS))
    args = parser.parse_args()

    print(
        f"{'workload':10} {'params':>7} {'nodes':>7} {'step':>10} {'step/floor':>11} "
        f"{'karpathy':>10} {'karpathy/ours':>14}"
    )
    for name in args.only:
        row = run(name, args.repeats, not args.no_karpathy)
        theirs = f"{row['karpathy'] * 1e3:8.1f} ms {row['karpathy'] / row['ours']:13.1f}x" if "karpathy" in row else ""
        print(
            f"{name:10} {row['parameters']:7} {row['nodes']:7} {row['ours'] * 1e3:7.2f} ms "
            f"{row['ours'] / row['floor']:10.1f}x {theirs}",
            flush=True,
        )
    per_node, chain_nodes = bytes_per_node()
    print(f"bytes per graph node: {per_node:.1f} (a chain of {chain_nodes} nodes)")


if __name__ == "__main__":
    main()
