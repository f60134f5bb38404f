"""A YAML data file read once: its values and its node tree (which knows each value's line).

The data files (the glossary, the feature stages) report problems at `file:line`, so they need the node
tree as well as the values. yaml.load and yaml.compose would each parse the text; here it is parsed once
and the values are constructed from the nodes, as yaml.load itself does.
"""

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def values_and_nodes(text, loader=LOADER):
    """(values, root node) of a one-document YAML text: the values as yaml.load(text, loader) gives them,
    the nodes as yaml.compose does; (None, None) for an empty document. Raises yaml.MarkedYAMLError."""
    parser = loader(text)
    try:
        root = parser.get_single_node()
        return (parser.construct_document(root) if root is not None else None), root
    finally:
        parser.dispose()
