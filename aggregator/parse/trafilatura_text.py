"""trafilatura's text of a page we parsed already, optionally letting it work on our tree.

``trafilatura.extract`` copies any tree it is handed (it prunes the tree it works on), which
costs about 1.3 ms a page, 5% of its own time. When the caller has read all it needs from the
tree, ``consume=True`` hands trafilatura the tree itself: the same extraction cascade and the
same output as ``trafilatura.extract(tree, url=..., include_comments=False,
include_tables=True, fast=...)``, without the copy. The tree is pruned afterwards and must not
be read again.

That path calls trafilatura's cascade (``core.trafilatura_sequence``) directly, whose
signature is not a stable API. It is used only on the trafilatura versions it was checked on
(``CHECKED_VERSIONS``) and with the default settings (no tree-size limit); anywhere else the
public call runs instead. ``tests/parse/test_trafilatura_text.py`` checks the two give the
same text on the fixture pages, so an upgrade that changes the cascade shows up there.
"""

from __future__ import annotations

import logging

import trafilatura
from lxml import html as lxml_html
from trafilatura import core as trafilatura_core
from trafilatura.settings import DEFAULT_CONFIG, Extractor
from trafilatura.utils import normalize_unicode
from trafilatura.xml import xmltotxt

logger = logging.getLogger(__name__)

CHECKED_VERSIONS = ("2.3.",)

# the cascade may be called directly: a checked version, default settings
CONSUMING = (
    str(getattr(trafilatura, "__version__", "")).startswith(CHECKED_VERSIONS)
    and callable(getattr(trafilatura_core, "trafilatura_sequence", None))
    and Extractor(config=DEFAULT_CONFIG).max_tree_size is None
)


def trafilatura_text(
    tree: lxml_html.HtmlElement, url: str | None, *, fast: bool, consume: bool = False
) -> str | None:
    """trafilatura's plain text of ``tree`` (comments out, tables in), None when it finds
    none; ``consume``: trafilatura may prune ``tree`` itself instead of a copy of it."""
    if not (consume and CONSUMING):
        return trafilatura.extract(
            tree, url=url, include_comments=False, include_tables=True, fast=fast
        )
    # the options trafilatura.extract builds from those arguments
    options = Extractor(
        config=DEFAULT_CONFIG, output_format="txt", fast=fast, comments=False, tables=True, url=url
    )
    try:
        body, text, comments, comments_text = trafilatura_core.trafilatura_sequence(
            tree, options, options.url
        )
    except (TypeError, ValueError) as exc:  # trafilatura discards the page on these
        logger.debug("trafilatura discarded %s: %s", url, exc)
        return None
    if len(text) < options.min_output_size and len(comments_text) < options.min_output_comm_size:
        return None
    # the txt output: the body's text, then the (empty) comments', stripped, NFC
    out = xmltotxt(body, options.formatting)
    out = f"{out}\n{xmltotxt(comments, options.formatting)}".strip()
    return normalize_unicode(out)
