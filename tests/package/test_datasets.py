import pytest

from micrograd.datasets import make_moons


def test_moons_are_deterministic_and_balanced():
    X, y = make_moons(100, noise=0.1, seed=1)
    assert (X, y) == make_moons(100, noise=0.1, seed=1)
    assert X != make_moons(100, noise=0.1, seed=2)[0]
    assert len(X) == 100 and all(len(p) == 2 for p in X)
    assert sorted(set(y)) == [-1, 1] and y.count(1) == 50


def test_moons_without_noise_lie_on_the_half_circles():
    X, y = make_moons(10, noise=0.0)
    for (x0, x1), label in zip(X, y):
        cx, cy = (0.0, 0.0) if label == -1 else (1.0, 0.5)
        assert (x0 - cx) ** 2 + (x1 - cy) ** 2 == pytest.approx(1.0)


def test_moons_do_not_touch_the_global_random_state():
    import random

    random.seed(5)
    expected = random.random()
    random.seed(5)
    make_moons(20, seed=9)
    assert random.random() == expected


def test_too_few_samples():
    with pytest.raises(ValueError, match="at least 2"):
        make_moons(1)


@pytest.mark.parametrize("n", ["abc", 2.5, None, True])
def test_sample_count_must_be_whole(n):
    with pytest.raises(TypeError, match="whole number of samples"):
        make_moons(n)


@pytest.mark.parametrize("noise", [-1.0, float("nan"), float("inf")])
def test_noise_must_be_a_finite_standard_deviation(noise):
    with pytest.raises(ValueError, match="finite, non-negative noise"):
        make_moons(10, noise=noise)


def test_noise_must_be_a_number():
    with pytest.raises(TypeError, match="number for noise"):
        make_moons(10, noise="0.1")


def test_numpy_integer_sample_count():
    np = pytest.importorskip("numpy")
    assert make_moons(np.int64(10)) == make_moons(10)


def test_defaults():
    X, y = make_moons()
    assert (X, y) == make_moons(100, noise=0.1, seed=0) and len(X) == 100


def test_two_samples_is_the_smallest_data_set():
    X, y = make_moons(2, noise=0.0)
    assert y == [-1, 1] and X == [[1.0, 0.0], [0.0, 0.5]]


def test_an_odd_count_puts_the_extra_point_in_the_lower_moon():
    X, y = make_moons(5, noise=0.0)
    assert y == [-1, -1, 1, 1, 1]
    assert X[0] == [1.0, 0.0] and X[1] == pytest.approx([-1.0, 0.0], abs=1e-15)
    assert X[2] == [0.0, 0.5] and X[3] == pytest.approx([1.0, -0.5]) and X[4] == pytest.approx([2.0, 0.5])


def test_noise_is_added_to_both_coordinates_in_draw_order():
    import random

    clean, _ = make_moons(6, noise=0.0)
    noisy, _ = make_moons(6, noise=0.3, seed=4)
    rng = random.Random(4)
    for (x0, x1), (n0, n1) in zip(clean, noisy):
        assert n0 == x0 + rng.gauss(0.0, 0.3)
        assert n1 == x1 + rng.gauss(0.0, 0.3)
