"""Show what a cell printed exactly as it was printed, however the kernel chunked it.

A kernel sends stdout in chunks, cut wherever its flush timer fires, so on a
busy machine one ``print(a, b)`` can arrive as ``"1.0"`` and ``" 1.00…\\n"``.
myst-nb's ``nb_merge_streams`` joins chunks with ``rstrip() + "\\n"``, which
turns each cut into a line break: the page then depends on the machine's load.
This extension makes myst-nb merge consecutive chunks of a stream by plain
concatenation instead (carriage returns and backspaces are still applied), so
a page shows the same text on every build.
"""

import re

import myst_nb.core.render
from nbformat import NotebookNode

_CARRIAGE_RETURN = re.compile(r"[^\n]*\r(?=[^\n])")
_BACKSPACE = re.compile(r"[^\n]\x08")


def merge_streams(outputs):
    """One output per stream name, its chunks concatenated as sent; other outputs kept in place."""
    merged, streams = [], {}
    for output in outputs:
        if output["output_type"] != "stream":
            merged.append(output)
        elif output["name"] in streams:
            streams[output["name"]]["text"] += output["text"]
        else:
            output = NotebookNode(output)  # a copy: the cached notebook stays as executed
            streams[output["name"]] = output
            merged.append(output)
    for output in streams.values():
        text = output["text"]
        while True:  # a backspace deletes the character before it, repeatedly
            shorter = _BACKSPACE.sub("", text)
            if shorter == text:
                break
            text = shorter
        output["text"] = _CARRIAGE_RETURN.sub("", text)
    return merged


def setup(app):
    myst_nb.core.render.coalesce_streams = merge_streams
    return {"parallel_read_safe": True, "parallel_write_safe": True}
