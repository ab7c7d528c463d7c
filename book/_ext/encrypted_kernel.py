"""Run the build's kernels over an encrypted channel, so they have no security notice to print.

ipykernel 7 warns, once per kernel and so once per executed page, that it is
"running over TCP without encryption". The notice is right: by default
jupyter_client gives a kernel no CurveZMQ keys. nbclient, which myst-nb runs
through jupyter-cache, creates its kernel managers with no configuration, so
the one place to ask for encryption is the kernel manager's default policy.
This extension sets it to "auto": a kernel whose kernelspec declares Curve
support (ipykernel's does) gets keys, its channel is encrypted, and it no
longer warns. Nothing is filtered, so every other kernel warning still shows.
"""

import zmq
from jupyter_client.manager import KernelManager


def setup(app):
    if zmq.has("curve"):  # pyzmq's wheels bundle libsodium; a policy of "auto" needs it
        KernelManager.class_traits()["transport_encryption"].default_value = "auto"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
