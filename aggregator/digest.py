"""Text in, a stable hex digest out: the one content hash of the package (SHA-256 of UTF-8).

What goes into the digest is the caller's decision (a version's normalised headline and body,
an embedded document, a change key); how it is hashed is decided here, once.
"""

import hashlib


def text_digest(*parts: str) -> str:
    """SHA-256 hex digest of ``parts`` joined by newlines, encoded as UTF-8.

    One part hashes as itself, so ``text_digest(a + "\\n" + b) == text_digest(a, b)``.
    """
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
