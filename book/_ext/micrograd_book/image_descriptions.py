"""Give every drawn graph on a page the text alternative its picture carries.

``micrograd.viz.Drawing`` writes what a graph shows into its SVG
(``<svg role="img" aria-label="...">``, from ``draw_dot``'s ``describe``).
myst-nb saves such an output as an image file, and the page's ``<img>`` would
get the file's path as its ``alt``; this step copies the SVG's description
into the image's ``alt`` instead. Charts (``micrograd.charts``) get theirs from
their cell's ``mystnb: image: alt:`` metadata; tests/site/test_browser.py checks that no
picture is left with a path for a description.
"""

import html
import re
from pathlib import Path

from docutils import nodes

LABEL = re.compile(r'<svg\b[^>]*\baria-label="([^"]*)"')


def describe_drawn_images(app, doctree, docname):
    for image in doctree.findall(nodes.image):
        if image.get("alt") or not image["uri"].endswith(".svg"):
            continue
        path = Path(app.srcdir) / image["uri"]
        label = LABEL.search(path.read_text(errors="replace")[:4000]) if path.exists() else None
        if label:
            image["alt"] = html.unescape(label.group(1))
