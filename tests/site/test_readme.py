"""The README's promises: its picture is what the code draws, its commands exist."""

import html
import re

from book_site import ROOT


def test_readme_picture_matches_the_code():
    from make_readme_graph import OUT, neuron_graph

    svg = html.unescape(OUT.read_text())  # Graphviz writes "-" as &#45;
    expected = re.findall(r"(?:data|grad) -?\d+\.\d{4}", neuron_graph().source)
    assert expected and re.findall(r"(?:data|grad) -?\d+\.\d{4}", svg) == expected, "run scripts/make_readme_graph.py"


def test_readme_commands_are_make_targets():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"^make (\w[\w-]*)", readme, re.M)):
        assert re.search(rf"^{target}:", makefile, re.M), f"make {target}"
    assert "make book" in readme and "make test" in readme
