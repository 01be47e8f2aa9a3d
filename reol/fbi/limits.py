"""How big a query may be: deep nesting and fragments that fan out are refused before any
record is read. FBI's own limits are not published; these allow the apps' largest query
(the work page's, about 10 levels and 300 fields) with room to spare. Pure functions over
the parsed query (graphql-core's AST).
"""

from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

MAX_BYTES = 64 * 1024  # a request body; the apps' queries are under 10 KB
MAX_TOKENS = 5_000  # graphql-core stops parsing after as many
MAX_DEPTH = 15
MAX_FIELDS = 2_000  # fields asked, each fragment counted every time it is spread


@dataclass(frozen=True)
class Size:
    depth: int
    fields: int


def size(document: DocumentNode) -> Size:
    """The deepest nesting and the number of fields of the document's operations, with
    fragments expanded (each fragment measured once, so a fan-out costs nothing to measure).
    Validation has already refused fragment cycles."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    known: dict[str, Size] = {}

    def measure(selections: SelectionSetNode | None) -> Size:
        depth, fields = 0, 0
        for node in selections.selections if selections else ():
            if isinstance(node, FieldNode):
                inner = measure(node.selection_set)
                depth, fields = max(depth, inner.depth + 1), fields + inner.fields + 1
            elif isinstance(node, InlineFragmentNode):
                inner = measure(node.selection_set)
                depth, fields = max(depth, inner.depth), fields + inner.fields
            elif isinstance(node, FragmentSpreadNode) and node.name.value in fragments:
                name = node.name.value
                if name not in known:
                    known[name] = Size(0, 0)  # a cycle (refused by validation) ends here
                    known[name] = measure(fragments[name].selection_set)
                depth, fields = max(depth, known[name].depth), fields + known[name].fields
            fields = min(fields, MAX_FIELDS + 1)  # a fan-out stops growing the count
        return Size(depth, fields)

    sizes = [measure(d.selection_set) for d in document.definitions
             if isinstance(d, OperationDefinitionNode)]
    return Size(max((s.depth for s in sizes), default=0), sum(s.fields for s in sizes))


def too_deep(found: Size) -> bool:
    return found.depth > MAX_DEPTH


def too_wide(found: Size) -> bool:
    return found.fields > MAX_FIELDS
