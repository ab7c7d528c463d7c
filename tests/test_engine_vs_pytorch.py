"""Forward values and gradients against PyTorch in float64 (skipped where torch is absent)."""

import math

import pytest
from hypothesis import given, settings
from strategies import floats

from micrograd.engine import Value
from needs import import_or_missing

torch = import_or_missing("torch", "for the full suite: .venv/bin/pip install torch==2.13.0")


def tensor(x):
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)  # float64 from the start, not via float32


def test_karpathy_sanity_check():
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()

    xt = tensor(-4.0)
    zt = 2 * xt + 2 + xt
    qt = zt.relu() + zt * xt
    ht = (zt * zt).relu()
    yt = ht + qt + qt * xt
    yt.backward()

    assert y.data == yt.item()
    assert x.grad == xt.grad.item()


def test_karpathy_more_ops():
    a, b = Value(-4.0), Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()

    at, bt = tensor(-4.0), tensor(2.0)
    ct = at + bt
    dt = at * bt + bt**3
    ct = ct + ct + 1
    ct = ct + 1 + ct + (-at)
    dt = dt + dt * 2 + (bt + at).relu()
    dt = dt + 3 * dt + (bt - at).relu()
    et = ct - dt
    ft = et**2
    gt = ft / 2.0
    gt = gt + 10.0 / ft
    gt.backward()

    assert math.isclose(g.data, gt.item(), rel_tol=1e-12)
    assert math.isclose(a.grad, at.grad.item(), rel_tol=1e-12)
    assert math.isclose(b.grad, bt.grad.item(), rel_tol=1e-12)


@settings(max_examples=50)
@given(floats(-5.0, 5.0), floats(-5.0, 5.0), floats(0.1, 5.0))  # where every term of the expression is finite
def test_every_op_against_pytorch(x, y, z):
    def expression(a, b, c, lib):
        tanh = (lambda v: v.tanh()) if lib is None else torch.tanh
        sig = (lambda v: v.sigmoid()) if lib is None else torch.sigmoid
        exp = (lambda v: v.exp()) if lib is None else torch.exp
        log = (lambda v: v.log()) if lib is None else torch.log
        relu = (lambda v: v.relu()) if lib is None else torch.relu
        return (
            tanh(a * b) + sig(a - b) * exp(b / 4) - log(c) / c + relu(a) * 2 + c**b + (a**2) / (1 + c) - 3 ** (b / 5)
        )

    leaves = [Value(x), Value(y), Value(z)]
    out = expression(*leaves, None)
    out.backward()
    tensors = [tensor(x), tensor(y), tensor(z)]
    expected = expression(*tensors, torch)
    expected.backward()

    assert math.isclose(out.data, expected.item(), rel_tol=1e-12, abs_tol=1e-12)
    for leaf, t in zip(leaves, tensors):
        assert math.isclose(leaf.grad, t.grad.item(), rel_tol=1e-9, abs_tol=1e-12)


def test_mlp_gradients_against_pytorch():
    import random

    from micrograd.nn import MLP

    random.seed(7)
    model = MLP(3, [4, 4, 1])
    x = [2.0, 3.0, -1.0]
    loss = (model(x) - 1.0) ** 2
    loss.backward()

    params = [tensor(p.data) for p in model.parameters()]
    it = iter(params)
    h = [torch.tensor(v, dtype=torch.float64) for v in x]
    for layer in model.layers:
        outs = []
        for n in layer.neurons:
            w = [next(it) for _ in n.w]
            b = next(it)
            outs.append(torch.tanh(sum((wi * hi for wi, hi in zip(w, h)), b)))
        h = outs
    loss_t = (h[0] - 1.0) ** 2
    loss_t.backward()

    assert math.isclose(loss.data, loss_t.item(), rel_tol=1e-12)
    for p, t in zip(model.parameters(), params):
        assert math.isclose(p.grad, t.grad.item(), rel_tol=1e-9, abs_tol=1e-15)
