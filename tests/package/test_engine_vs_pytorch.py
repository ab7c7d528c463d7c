"""Forward values and gradients against PyTorch in float64 (skipped where torch is absent)."""

import math

import pytest
from hypothesis import given, settings
from needs import import_or_missing
from strategies import floats

from micrograd.engine import Value

torch = import_or_missing("torch", "for the full suite: make torch")


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
        return tanh(a * b) + sig(a - b) * exp(b / 4) - log(c) / c + relu(a) * 2 + c**b + (a**2) / (1 + c) - 3 ** (b / 5)

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


# ----- IEEE 754 at the edges: nan, inf, zeros, huge and tiny numbers, as PyTorch gives them ---------------

INF, NAN = math.inf, math.nan
SPECIAL = [0.0, -0.0, 1.0, -2.5, 0.5, 1e-300, -1e-300, 1e300, -1e300, INF, -INF, NAN]
UNARY = {
    "neg": (lambda v: -v, torch.neg),
    "tanh": (lambda v: v.tanh(), torch.tanh),
    "exp": (lambda v: v.exp(), torch.exp),
    "log": (lambda v: v.log(), torch.log),
    "relu": (lambda v: v.relu(), torch.relu),
    "sigmoid": (lambda v: v.sigmoid(), torch.sigmoid),
    "square": (lambda v: v**2, lambda t: t**2),
    "cube": (lambda v: v**3, lambda t: t**3),
    "sqrt": (lambda v: v**0.5, lambda t: t**0.5),
    "power 0": (lambda v: v**0, lambda t: t**0),
    "reciprocal": (lambda v: v**-1, lambda t: t**-1),
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
}


def same_number(ours, theirs):
    if math.isnan(theirs) or math.isinf(theirs):
        return ours == theirs or (math.isnan(ours) and math.isnan(theirs))
    return math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=1e-300)


def compare(our_op, torch_op, xs, upstream):
    """Ours and PyTorch's value and gradients at xs, with `upstream` as d(loss)/d(result).

    The engine may refuse a point (division by zero, log of 0, ...) only where PyTorch's answer is not finite.
    """
    tensors = [tensor(x) for x in xs]
    result = torch_op(*tensors)
    result.backward(torch.tensor(upstream, dtype=torch.float64))
    theirs = [result.item()] + [t.grad.item() for t in tensors]
    leaves = [Value(x) for x in xs]
    try:
        out = our_op(*leaves)
        (out * upstream).backward()
    except (ZeroDivisionError, ValueError):
        assert not all(math.isfinite(t) for t in theirs), f"refused at {xs}, where PyTorch gives {theirs}"
        return
    ours = [out.data] + [leaf.grad for leaf in leaves]
    assert all(same_number(o, t) for o, t in zip(ours, theirs)), f"at {xs}: ours {ours}, PyTorch {theirs}"


@pytest.mark.parametrize("upstream", [2.0, NAN])
@pytest.mark.parametrize("name", UNARY)
def test_each_unary_op_at_special_points_as_pytorch(name, upstream):
    for x in SPECIAL:
        compare(*UNARY[name], [x], upstream)


@pytest.mark.parametrize("upstream", [2.0, NAN])
@pytest.mark.parametrize("name", BINARY)
def test_each_binary_op_at_special_points_as_pytorch(name, upstream):
    for x in SPECIAL:
        for y in SPECIAL:
            compare(BINARY[name], BINARY[name], [x, y], upstream)
