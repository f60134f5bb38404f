"""MkDocs hook: `mkdocs build` moves what the configuration loaded out of the garbage collector's way.

By the end of on_config the process holds the configuration, the theme's templates and jieba's
dictionary of 350,000 words, all alive until the build ends. Every full collection of Python's cyclic
garbage collector walks them again: about 0.1 s of a build. gc.freeze() puts the objects that exist at
that moment into a permanent generation that collections skip (what it is documented for).

Only for `mkdocs build`, a process that ends with the build: `mkdocs serve` reloads the configuration for
every rebuild, and frozen objects are never freed, so there each rebuild would keep the last one's.
"""

import gc

from mkdocs.plugins import event_priority

_command = {"name": None}


def on_startup(command, dirty):
    _command["name"] = command


@event_priority(-100)  # last: after the search plugin has loaded jieba's dictionary in its on_config
def on_config(config):
    if _command["name"] == "build":
        gc.freeze()
