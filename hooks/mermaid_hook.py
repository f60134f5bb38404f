"""MkDocs hook: mkdocs-mermaid2-plugin without its cost, and with diagram sources kept exact.

on_config, after mermaid2's own:
- the mermaid fence escapes its source, so labels such as `List<Pod>` and `<br/>` reach mermaid;
- mermaid2's on_post_page is called on a stand-in document instead of the page, from the same place in
  the list of post_page handlers, and what it appends is added to the page (hooks/handbook/mermaid.py;
  tests/test_mermaid.py checks the pages equal mermaid2's own result). mermaid2 is asked once per
  stand-in and script path, not once per page.
"""

import logging

from mkdocs.plugins import event_priority

from handbook import mermaid

log = logging.getLogger("mkdocs.hooks.mermaid")


@event_priority(-100)  # after mermaid2's on_config, which its custom-loader test needs
def on_config(config):
    mermaid.escape_mermaid_fences(config.mdx_configs)
    plugin = config.plugins.get("mermaid2")
    # Only mermaid2's loader for superfences just appends a script; its other mode rewrites the page.
    if plugin is None or not plugin.activate_custom_loader:
        return
    handlers = config.plugins.events["post_page"]
    if not mermaid.replace_handler(handlers, plugin, mermaid.fast_post_page(plugin)):
        log.info("mermaid2 has no on_post_page handler to speed up")
