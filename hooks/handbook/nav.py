"""Reading the nav of mkdocs.yml (as written, before MkDocs resolves it)."""


def page_paths(node):
    """Every page path in a nav tree, in order: 'a.md', {'Title': 'a.md'}, {'Section': [...]}."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from page_paths(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from page_paths(value)
