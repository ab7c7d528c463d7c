"""How fast is micrograd, against plain Python floats and karpathy/micrograd measured in the same run?

Workload: a 2-16-16-1 MLP (ReLU hidden layers, linear output) built from
Value operations, squared loss over 64 two-moons points. One step is forward,
zero grads, backward, SGD update. The floor is the same forward pass in plain
floats with the same parameters: no graph, no gradients. karpathy/micrograd
(PyPI's micrograd==0.1.0, installed into .bench/ at the first run and run in a
process of its own, see karpathy_worker.py) trains the same model from the same
parameters, its steps interleaved with ours.

    python benchmarks/bench_engine.py [--steps N] [--repeats R] [--no-karpathy]

Timings are the best of R repeats, so noise from other work on a shared
machine inflates them less; the ratio is what to compare across machines.
"""

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from micrograd.datasets import make_moons  # noqa: E402
from micrograd.engine import Value  # noqa: E402
from micrograd.nn import MLP  # noqa: E402


def make_workload(seed=0):
    random.seed(seed)
    model = MLP(2, [16, 16, 1], activation="relu", output_activation="linear")
    X, y = make_moons(64, noise=0.1, seed=seed)
    return model, X, y


def engine_loss(model, X, y):
    return sum((model(x) - yi) ** 2 for x, yi in zip(X, y))


def engine_step(model, X, y, lr=1e-3):
    loss = engine_loss(model, X, y)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss


def float_layers(model):
    """The model's parameters as plain floats: per layer, per neuron (weights, bias, activation)."""
    return [[([w.data for w in n.w], n.b.data, n.activation) for n in layer.neurons] for layer in model.layers]


def float_loss(model, X, y):
    """engine_loss's forward pass, line for line as MLP/Layer/Neuron do it, in plain floats."""
    layers = float_layers(model)

    def neuron(w, b, activation, x):
        act = b
        for wi, xi in zip(w, x):  # one addition at a time: sum() of floats compensates rounding on Python >= 3.12
            act = act + wi * xi
        return act if activation == "linear" else max(act, 0.0)

    def mlp(x):
        for layer in layers:
            outs = [neuron(w, b, activation, x) for w, b, activation in layer]
            x = outs[0] if len(outs) == 1 else outs
        return x

    total = 0.0
    for x, yi in zip(X, y):
        total = total + (mlp(x) - yi) ** 2
    return total


def float_loss_tight(model, X, y):
    """The same arithmetic as a hand-tuned float loop: a stricter floor, for reference."""
    layers = float_layers(model)
    total = 0.0
    for x, yi in zip(X, y):
        for layer in layers:
            out = []
            for w, b, activation in layer:
                act = b
                for wi, xi in zip(w, x):
                    act += wi * xi
                out.append(act if activation == "linear" or act > 0.0 else 0.0)
            x = out
        total += (x[0] - yi) ** 2
    return total


def time_per_call(fn, calls, repeats):
    """Best and median over `repeats` of the mean time of `calls` calls to fn()."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()  # the result is dropped at once, as in a training loop
        times.append((time.perf_counter() - t0) / calls)
    return min(times), statistics.median(times)


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
    nodes = len(v._topological_order())
    return (after - before) / nodes, nodes


BENCH_DIR = Path(__file__).resolve().parent
KARPATHY = BENCH_DIR.parent / ".bench" / "karpathy-micrograd"  # not committed: see .gitignore
KARPATHY_RELEASE = "micrograd==0.1.0"  # karpathy/micrograd on PyPI


def start_karpathy(model, X, y):
    """A process running karpathy's micrograd on the workload, from `model`'s current parameters."""
    if not (KARPATHY / "micrograd" / "engine.py").exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(KARPATHY), KARPATHY_RELEASE],
            check=True,
        )
    worker = subprocess.Popen(
        [sys.executable, "-s", str(BENCH_DIR / "karpathy_worker.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(KARPATHY)},  # ahead of site-packages, where this project's micrograd is
    )
    workload = {"parameters": [p.data for p in model.parameters()], "X": X, "y": y}
    module = ask(worker, json.dumps(workload))["module"]
    if not Path(module).is_relative_to(KARPATHY):
        sys.exit(f"the worker imported {module}, not karpathy's micrograd")
    return worker


def ask(worker, line):
    worker.stdin.write(line + "\n")
    worker.stdin.flush()
    return json.loads(worker.stdout.readline())


def compare_with_karpathy(steps, repeats):
    """Best step times (ours, karpathy's), interleaved, and both engines' losses before and after."""
    model, X, y = make_workload()
    worker = start_karpathy(model, X, y)
    losses = [(engine_loss(model, X, y).data, ask(worker, "loss"))]
    ours, theirs = [], []
    for _ in range(repeats):
        ours.append(time_per_call(lambda: engine_step(model, X, y), steps, 1)[0])
        theirs.append(ask(worker, f"step {steps}"))
    losses.append((engine_loss(model, X, y).data, ask(worker, "loss")))
    worker.stdin.close()
    worker.wait()
    return min(ours), min(theirs), losses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5, help="training steps per repeat")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-karpathy", action="store_true", help="skip the comparison with karpathy/micrograd")
    args = parser.parse_args()

    model, X, y = make_workload()
    loss_engine = engine_loss(model, X, y).data
    loss_float = float_loss(model, X, y)
    rel = max(abs(loss_engine - f) / abs(f) for f in (loss_float, float_loss_tight(model, X, y)))
    nodes = len(engine_loss(model, X, y)._topological_order())

    step, step_median = time_per_call(lambda: engine_step(model, X, y), args.steps, args.repeats)
    floor, floor_median = time_per_call(lambda: float_loss(model, X, y), args.steps, args.repeats)
    tight, _ = time_per_call(lambda: float_loss_tight(model, X, y), args.steps, args.repeats)
    per_node, chain_nodes = bytes_per_node()

    print(f"workload: 2-16-16-1 ReLU MLP, squared loss over {len(X)} two-moons points, {len(model.parameters())} parameters")
    print(f"graph nodes per step:       {nodes}")
    print(f"engine step (fwd+bwd+SGD):  {step * 1e3:8.2f} ms  (median {step_median * 1e3:.2f} ms)")
    print(f"float forward (the floor):  {floor * 1e3:8.2f} ms  (median {floor_median * 1e3:.2f} ms)")
    print(f"ratio step / floor:         {step / floor:8.1f} x")
    print(f"hand-tuned float loop:      {tight * 1e3:8.2f} ms  (step / it: {step / tight:.1f} x)")
    print(f"time per graph node:        {step / nodes * 1e9:8.0f} ns")
    print(f"bytes per graph node:       {per_node:8.1f}  (chain of {chain_nodes} nodes)")
    print(f"loss engine vs float:       {loss_engine!r} vs {loss_float!r} (relative difference {rel:.1e})")
    if rel != 0.0:
        sys.exit("the engine's loss differs from the float forward pass")
    if args.no_karpathy:
        return
    ours, theirs, losses = compare_with_karpathy(args.steps, args.repeats)
    print(f"karpathy/micrograd step:    {theirs * 1e3:8.2f} ms  (ours, interleaved: {ours * 1e3:.2f} ms)")
    print(f"speed-up over karpathy:     {theirs / ours:8.1f} x")
    for when, (mine, his) in zip(("before training", f"after {args.steps * args.repeats} steps"), losses):
        same = "the same to the last bit" if mine == his else f"relative difference {abs(mine - his) / abs(his):.1e}"
        print(f"loss {when + ':':24}{mine!r} vs {his!r} ({same})")
    # The forward pass is the same arithmetic in the same order, so the first loss must agree bit for bit.
    # Training steps may then drift in the last bit: karpathy's engine adds up a node's gradient
    # contributions in the order of a set's iteration, which depends on memory addresses.
    if losses[0][0] != losses[0][1]:
        sys.exit("the engine's loss differs from karpathy's on the same parameters")


if __name__ == "__main__":
    main()
