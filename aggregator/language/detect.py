"""Which language an article is in: its declared language, else the script its text is in.

``language_of(declared, text)`` returns a short code: the declared one cut to its primary
subtag (``"ru-RU"`` -> ``"ru"``), else ``"ru"`` when Cyrillic letters outnumber Latin ones in the
opening of ``text``, else ``"en"``. Only Russian and English are told apart by script; a declared
code is trusted as it is.
"""

from __future__ import annotations

import re

_SAMPLE = 400
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def language_of(declared: str | None, text: str) -> str:
    """The article's language: ``declared`` (primary subtag, lower case), else by script."""
    if declared:
        code = declared.strip().lower().replace("_", "-").split("-")[0]
        if code:
            return code
    sample = text[:_SAMPLE]
    if sample.isascii():
        return "en"
    cyrillic = len(_CYRILLIC.findall(sample))
    return "ru" if cyrillic > len(_LATIN.findall(sample)) else "en"
