"""How big a query may be: deep nesting and fragments that fan out are refused before any
record is read, and before graphql-core's validation (whose cost grows faster than the
query). FBI's own limits are not published; the patron apps' queries are at most 8 levels
deep and 28 fields (tests/fbi), so these leave room. Pure functions over the parsed query
(graphql-core's AST).
"""

from collections import Counter
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
MAX_FIELDS = 500  # fields asked, each fragment counted every time it is spread
# Fields answering under one name in one selection: graphql-core's validation compares each
# such pair (OverlappingFieldsCanBeMerged), so 600 of them took it 4 s; the apps ask at most 2.
MAX_SAME_NAME = 10


@dataclass(frozen=True)
class Size:
    depth: int
    fields: int
    same_name: int = 0  # the most fields under one response name in one selection


def size(document: DocumentNode) -> Size:
    """The deepest nesting and the number of fields of the document's operations, with
    fragments expanded (each fragment measured once, so a fan-out costs nothing to measure).
    Validation has already refused fragment cycles."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    known: dict[str, Size] = {}
    names_of: dict[str, Counter[str]] = {}
    most_same = 0

    def names(selections: SelectionSetNode | None) -> Counter[str]:
        """The response names a selection answers with, fragments included, and how often."""
        found: Counter[str] = Counter()
        for node in selections.selections if selections else ():
            if isinstance(node, FieldNode):
                found[(node.alias or node.name).value] += 1
            elif isinstance(node, InlineFragmentNode):
                found.update(names(node.selection_set))
            elif isinstance(node, FragmentSpreadNode) and node.name.value in fragments:
                name = node.name.value
                if name not in names_of:
                    names_of[name] = Counter()  # a cycle (refused by validation) ends here
                    names_of[name] = names(fragments[name].selection_set)
                found.update(names_of[name])
        return found

    def measure(selections: SelectionSetNode | None) -> Size:
        nonlocal most_same
        most_same = max(most_same, max(names(selections).values(), default=0))
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
    return Size(max((s.depth for s in sizes), default=0), sum(s.fields for s in sizes),
                most_same)


def too_deep(found: Size) -> bool:
    return found.depth > MAX_DEPTH


def too_wide(found: Size) -> bool:
    return found.fields > MAX_FIELDS


def too_repetitive(found: Size) -> bool:
    return found.same_name > MAX_SAME_NAME
