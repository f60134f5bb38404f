"""MkDocs hook: makes the mermaid module import that mkdocs-mermaid2-plugin writes resolvable on every page."""

from mkdocs.plugins import event_priority

from handbook.mermaid import fix_bare_module_import


@event_priority(-100)  # after mermaid2 has added its script
def on_post_page(output, page, config):
    return fix_bare_module_import(output)
