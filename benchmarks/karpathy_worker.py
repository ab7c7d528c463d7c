"""The benchmark's training step run by karpathy/micrograd (PyPI's micrograd==0.1.0), in its own process.

bench_engine.py installs that package into a folder of its own and starts this
script with only that folder ahead of the standard library, so `micrograd` here
is karpathy's, never this project's. It reads the workload as JSON on stdin
(the layer sizes, the parameters to copy in, the points, the targets), then
answers commands: "step N" runs N training steps and prints their mean time in
seconds; "loss" prints the current loss with all its digits.
"""

import json
import sys
import time

import micrograd
from micrograd.nn import MLP

# karpathy's backward() sorts the graph recursively, one frame per node along the longest path: a
# neuron with n inputs is a chain of n additions. Python 3.11+ recurses without the C stack, so a high limit is safe.
sys.setrecursionlimit(200_000)


def main():
    workload = json.loads(sys.stdin.readline())
    model = MLP(workload["nin"], workload["nouts"])  # karpathy's defaults: ReLU hidden layers, a linear output
    for p, value in zip(model.parameters(), workload["parameters"], strict=True):
        p.data = value
    X, targets = workload["X"], workload["targets"]

    def outputs(x):
        out = model(x)
        return out if isinstance(out, list) else [out]

    def loss():
        return sum((o - t) ** 2 for x, ts in zip(X, targets) for o, t in zip(outputs(x), ts))

    def step(lr=1e-3):
        total = loss()
        model.zero_grad()
        total.backward()
        for p in model.parameters():
            p.data -= lr * p.grad

    print(json.dumps({"module": micrograd.__file__}), flush=True)
    for line in sys.stdin:
        command, *arguments = line.split()
        if command == "step":
            calls = int(arguments[0])
            t0 = time.perf_counter()
            for _ in range(calls):
                step()
            print(json.dumps((time.perf_counter() - t0) / calls), flush=True)
        elif command == "loss":
            print(json.dumps(loss().data), flush=True)


if __name__ == "__main__":
    main()
