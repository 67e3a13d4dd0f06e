"""Models loaded once a process and kept to its end, moved out of the cycle collector's walks.

A loaded model is hundreds of thousands of Python objects (spaCy's pipeline, natasha's,
pymorphy3's) that live until the process ends. CPython's cycle collector walks every tracked
object at each full collection, and the framing stage makes enough new objects for one every
few hundred articles: each walked the models again (about 0.12 s) to free nothing (about 0.6 ms
an English article, 1 ms a Russian one, in a process's first pass over the bench's articles).
``gc.freeze`` takes what is alive out of those walks.
"""

from __future__ import annotations

import gc
from typing import TypeVar

Loaded = TypeVar("Loaded")


def resident(loaded: Loaded) -> Loaded:
    """``loaded`` (just loaded, kept for the life of the process), every object alive now
    frozen out of later collections. No collection first: loading leaves little garbage (655
    objects of spaCy's, none of natasha's), and one would walk the whole heap (0.12 s)."""
    gc.freeze()
    return loaded
