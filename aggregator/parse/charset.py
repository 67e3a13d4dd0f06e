"""Page bytes and the response's ``Content-Type`` header -> text, decoded as a browser would.

Pure: w3lib's decoder (BOM, header charset, ``<meta>``/XML declaration, UTF-8) with a longer
look for a late declaration.
"""

from __future__ import annotations

import re

from w3lib.encoding import html_to_unicode, resolve_encoding

_CHARSET_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_CHARSET_SCAN_BYTES = 32_768  # real pages declare their charset after large inline scripts


def decode_html(raw: bytes, content_type: str | None = None) -> str:
    """Page bytes -> text, deciding the encoding as browsers do (w3lib): a BOM, then the
    charset of the response's ``Content-Type`` header, then a ``<meta charset>`` or XML
    declaration, else UTF-8; bytes invalid in that encoding become U+FFFD.

    Labels are read as browsers read them (ISO-8859-1 and ASCII as windows-1252, GB2312 as
    GB18030); an unknown label counts as no label.
    """
    _, text = html_to_unicode(content_type, raw, auto_detect_fun=_late_declaration)
    return text


def _late_declaration(raw: bytes) -> str | None:
    """The encoding declared further in than w3lib looks (its first 4 KB, up to ``<body>``):
    real pages declare their charset after large inline scripts."""
    head = raw[:_CHARSET_SCAN_BYTES]
    match = _CHARSET_META.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    return resolve_encoding(match.group(1).decode("ascii", errors="replace"))
