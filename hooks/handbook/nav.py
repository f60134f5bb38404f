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


# Folders whose nav sections are not chapters of the book.
NOT_CHAPTERS = ("questions", "glossary", "features")


def _page_path(item):
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and len(item) == 1:
        value = next(iter(item.values()))
        return value if isinstance(value, str) else None
    return None


def chapters(node):
    """(folder, title) of every chapter in a nav tree, in order.

    A chapter is a nav section whose pages all live in one folder of docs/ (`scheduling/index.md`,
    `scheduling/taints.md`, …); sections that only group other sections (tabs such as 「基础」) are
    walked into, so the nav can be regrouped without the question bank or the PDF losing chapters.
    """
    return [(folder, title) for folder, title, _pages in chapter_pages(node)]


def chapter_pages(node):
    """(folder, title, [page paths in nav order]) of every chapter in a nav tree, in order."""
    found = []
    for item in node if isinstance(node, list) else []:
        if not isinstance(item, dict):
            continue
        for title, children in item.items():
            if not isinstance(children, list):
                continue
            pages = [p for p in map(_page_path, children) if p]
            folders = {p.split("/", 1)[0] for p in pages if "/" in p}
            if pages and len(folders) == 1 and len(pages) == len([p for p in pages if "/" in p]):
                folder = folders.pop()
                if folder not in NOT_CHAPTERS:
                    found.append((folder, title, pages))
            else:
                found.extend(chapter_pages(children))
    return found
