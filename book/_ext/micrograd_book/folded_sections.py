"""Fold a chapter's optional sections on its web page, so that its main path reads as one.

A chapter's main path ends with its exercises; after them come sections that
go deeper, each titled ``Optional: ...`` or ``Deeper: ...`` (the chapter
skeleton test holds every chapter to that). On the web page, each such
section keeps its heading and its first paragraph or box, which says what it
does, and folds the rest into a ``<details>`` element that the reader opens.
The notebooks, the live site and the PDF keep every section open: they are
not HTML pages.

A link to a place inside a folded section (a label, a figure, the page's
contents) opens the fold around it first: the browser does that for a
fragment in a closed ``<details>`` only in some versions, so a short script
does it everywhere.
"""

from docutils import nodes

PREFIXES = ("Optional: ", "Deeper: ")  # the titles of the sections after the exercises
FOLD_CLASS = "folded-section"
SUMMARY = "Read the rest of this section"

# On load and on every change of the address's fragment: open each fold that holds its target.
OPEN_FOLD_AROUND_TARGET = """
function openFoldAroundTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return;
  for (let fold = target.closest("details"); fold; fold = fold.parentElement.closest("details")) fold.open = true;
  target.scrollIntoView();
}
window.addEventListener("hashchange", openFoldAroundTarget);
document.addEventListener("DOMContentLoaded", openFoldAroundTarget);
"""


def add_fold_script(app):
    app.add_js_file(None, body=OPEN_FOLD_AROUND_TARGET)


def fold_optional_sections(app, doctree, docname):
    if app.builder.format != "html":
        return
    for section in list(doctree.findall(nodes.section)):
        title = section.next_node(nodes.title)
        if title is None or title.parent is not section or not title.astext().startswith(PREFIXES):
            continue
        body = [child for child in section.children if child is not title]
        kept = next((i for i, child in enumerate(body) if not isinstance(child, nodes.target)), len(body)) + 1
        folded = body[kept:]  # after the first paragraph or box, which says what the section does
        if not folded:
            continue
        opening = nodes.raw("", f'<details class="{FOLD_CLASS}"><summary>{SUMMARY}</summary>\n', format="html")
        section.insert(section.index(folded[0]), opening)
        section.append(nodes.raw("", "</details>\n", format="html"))
