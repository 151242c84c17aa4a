"""The nodes of a composed YAML file: the one walk over them, the value at a field, and what a node holds.

An alias (``*name``) makes one node the child of several: ``walk`` visits each node once, however often
it is referred to, so that a file of nested aliases (a "billion laughs") is walked in time linear in its
length. ``plain`` does follow the aliases, as a reader of the file would: it is for files whose expansion
has been bounded already (``lacnews.yaml.source`` refuses any other).
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

# What a node holds, as plain Python: a scalar as the text written, a list as a list, and a set of fields as
# a tuple of (name, value) pairs in the order written.
Plain = str | list | tuple | None


def children(node: yaml.Node, keys: bool = True) -> list[yaml.Node]:
    """Return the nodes inside ``node``: a list's items, or a set of fields' names and values (values only
    without ``keys``), in the order written."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair] if keys else [value for _, value in node.value]
    return []


def walk(root: yaml.Node | None, keys: bool = True) -> Iterator[yaml.Node]:
    """Yield every node from ``root`` down, each once (depth first, the last child of a node first)."""
    seen: set[yaml.Node] = set()  # a node is hashed by its identity
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        yield node
        if type(node) is not yaml.ScalarNode:  # most nodes are text, with nothing inside
            stack.extend(children(node, keys))


def field_index(node: yaml.Node | None, key: str) -> int | None:
    """Return the place of the field named ``key`` among the fields of ``node``, or None where there is none."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((index for index, (name, _) in enumerate(node.value)
                 if isinstance(name, yaml.ScalarNode) and name.value == key), None)


def value_at(root: yaml.Node | None, *keys: str) -> yaml.Node | None:
    """Return the node of the field at ``keys`` (``"sender", "name"``), or None where there is none."""
    node = root
    for key in keys:
        index = field_index(node, key)
        if index is None:
            return None
        node = node.value[index][1]
    return node


def plain(node: yaml.Node | None, instead: dict[int, Plain] | None = None) -> Plain:
    """Return what ``node`` holds as plain Python (see ``Plain``), following aliases; a node whose id is in
    ``instead`` as given there."""
    if instead and id(node) in instead:
        return instead[id(node)]
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [plain(child, instead) for child in node.value]
    if isinstance(node, yaml.MappingNode):
        return tuple((plain(key, instead), plain(value, instead)) for key, value in node.value)
    return None
