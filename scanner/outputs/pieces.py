"""Writing large JSON arrays piece by piece, so no report is ever one huge string."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Items serialised per piece; bounds the memory an output of any size takes to write.
CHUNK = 2000


def chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of ``CHUNK``."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def array_pieces(dumps: Iterable[bytes], shift: str = "") -> Iterator[str]:
    """The inside of one indented JSON array, from indented dumps of consecutive parts of it.

    Each dump looks like ``[\\n  {...},\\n  {...}\\n]``: its brackets are dropped, parts are
    joined by commas, and every line is shifted right by ``shift`` (the array's own depth
    in the document). Empty parts (``[]``) add nothing.
    """
    first = True
    for dumped in dumps:
        if dumped == b"[]":
            continue
        items = dumped.decode()[2:-2]
        if shift:
            items = shift + items.replace("\n", "\n" + shift)
        yield items if first else ",\n" + items
        first = False
