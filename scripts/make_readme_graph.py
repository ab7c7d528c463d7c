"""Draw the README's picture: the graph of a neuron after backward(). Run: python scripts/make_readme_graph.py"""

from pathlib import Path

from micrograd import Value, draw_dot

OUT = Path(__file__).resolve().parent.parent / "book" / "images" / "readme-graph.svg"


def neuron_graph():
    x, w, b = Value(0.5, label="x"), Value(2.0, label="w"), Value(0.8, label="b")  # the book's first picture
    z = x * w + b
    z.label = "z"
    y = z.tanh()
    y.label = "y"
    y.backward()
    return draw_dot(y)


if __name__ == "__main__":
    OUT.write_bytes(neuron_graph().pipe(format="svg"))
    print(f"wrote {OUT}")
