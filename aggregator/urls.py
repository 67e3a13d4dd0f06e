"""URL text in, canonical URL text out: one story is one article, whatever link led to it.

``canonical_url`` turns any http(s) link into the key the store uses for an article. It is a
pure string function (no network, no redirects followed); ``choose_canonical`` decides whether
to trust a page's own ``rel=canonical`` declaration. The rules, in order:

1. Leading/trailing whitespace is stripped; a relative URL is resolved against ``base``.
2. Only ``http`` and ``https`` are accepted; anything else (no scheme, ``mailto:``, a host
   that is empty or not a valid name) raises ``ValueError``. No other exception escapes.
3. Scheme and host are lower-cased, a trailing dot on the host dropped, IDN hosts converted
   to their ASCII (punycode, UTS #46) form, user:password removed, default ports (80, 443)
   dropped, the fragment dropped.
4. Mobile and AMP hosts collapse onto the desktop host: a first label ``amp.``, ``m.`` or
   ``mobile.`` becomes ``www.`` (``amp.theguardian.com`` -> ``www.theguardian.com``).
5. Known outlet aliases map to one host, always https: ``guardian.co.uk`` and
   ``theguardian.com`` -> ``www.theguardian.com``; ``rt.com`` -> ``www.rt.com``;
   ``www.mid.ru`` -> ``mid.ru``; and ``bbc.co.uk`` / ``bbc.com`` (with or without ``www.``)
   -> ``www.bbc.com`` for paths under ``/news`` and ``/sport``, which the BBC serves
   identically on both domains (its 2024 feeds link to either).
6. Path: percent-encoding normalised (escapes of unreserved characters decoded, other escapes
   upper-cased, unsafe and non-ASCII characters escaped as UTF-8), duplicate slashes
   collapsed, ``.``/``..`` segments resolved, AMP variants removed (a segment that is exactly
   ``amp``, a ``.amp`` suffix on the last segment), and the trailing slash removed except for
   the root path ``/``: ``/x`` and ``/x/`` are the same article.
7. Query: tracking parameters removed (see ``TRACKING_PARAMS``, ``TRACKING_PREFIXES`` and
   ``_is_tracking``), the remaining ``key=value`` pairs percent-normalised and sorted; an empty
   query disappears.

The result is idempotent: ``canonical_url(canonical_url(u)) == canonical_url(u)``.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import idna

if TYPE_CHECKING:  # imported when first needed: it costs a fresh process ~20 ms
    import tldextract

logger = logging.getLogger(__name__)

#: Query keys (compared lower-cased) that only say how a reader arrived, never which page.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "igshid",
        "twclid",
        "ocid",
        "cmpid",
        "cmp",  # Guardian: ?CMP=twt_gu
        "ito",  # Guardian internal promotion
        "xtor",  # AT Internet
        "_ga",
        "_gl",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "rss",
        "amp",  # ?amp and ?amp=1 select the AMP rendering of the same page
        "__twitter_impression",
    }
)

#: Query key prefixes (lower-cased) of tracking families: utm_*, BBC/AT Internet at_*,
#: comScore ns_*, Piwik/Matomo pk_*.
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "at_", "ns_", "pk_")

#: Keys that are tracking only with a particular value (``src=rss``, ``outputType=amp``).
_TRACKING_VALUES: dict[str, frozenset[str]] = {
    "src": frozenset({"rss", "feed"}),
    "outputtype": frozenset({"amp"}),
    "output": frozenset({"amp"}),
}

_MOBILE_LABELS = ("amp.", "m.", "mobile.")

#: Host aliases of the outlets we know: every spelling -> the one host we store.
_HOST_ALIASES: dict[str, str] = {
    "theguardian.com": "www.theguardian.com",
    "www.theguardian.com": "www.theguardian.com",
    "guardian.co.uk": "www.theguardian.com",
    "www.guardian.co.uk": "www.theguardian.com",
    "rt.com": "www.rt.com",
    "www.rt.com": "www.rt.com",
    "mid.ru": "mid.ru",
    "www.mid.ru": "mid.ru",
}
_BBC_HOSTS = frozenset({"bbc.co.uk", "www.bbc.co.uk", "bbc.com", "www.bbc.com"})
_BBC_SHARED_PATHS = ("/news", "/sport")

#: Registrable domains that belong to one site (a page on one may declare the other canonical).
_SITE_GROUPS: dict[str, str] = {
    "bbc.co.uk": "bbc",
    "bbc.com": "bbc",
    "bbci.co.uk": "bbc",
    "guardian.co.uk": "guardian",
    "theguardian.com": "guardian",
}


_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SUB_DELIMS = "!$'()*+,;="
_PATH_SAFE = frozenset(_UNRESERVED | set(_SUB_DELIMS) | set(":@/"))
# In a query component ``&`` and ``=`` separate pairs, so a literal one stays escaped.
_QUERY_PART_SAFE = frozenset(_UNRESERVED | set("!$'()*+,;:@/?"))
_HEX = frozenset("0123456789abcdefABCDEF")
_ASCII_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")


def is_http_url(url: str) -> bool:
    """True when ``url`` is an absolute http(s) URL with a host that ``canonical_url`` accepts."""
    try:
        canonical_url(url)
    except ValueError:
        return False
    return True


def canonical_url(url: str, *, base: str | None = None) -> str:
    """Return the canonical form of ``url`` (see the module docstring for the rules).

    Raises ValueError when ``url`` (resolved against ``base``) is not an http(s) URL with a
    valid host; never anything else.
    """
    text = url.strip()
    try:
        if base is not None:
            text = urljoin(base.strip(), text)
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise ValueError(f"not an http(s) URL: {url!r}")
        port = parts.port
        host = _normalise_host(parts.hostname or "")
    except ValueError as exc:  # includes UnicodeError and idna.IDNAError
        raise ValueError(f"not an http(s) URL: {url!r} ({exc})") from exc

    path = _normalise_path(parts.path)
    host = _desktop_host(host)
    if host in _HOST_ALIASES:
        host, scheme = _HOST_ALIASES[host], "https"
    elif host in _BBC_HOSTS and _under(path, _BBC_SHARED_PATHS):
        host, scheme = "www.bbc.com", "https"

    netloc = f"[{host}]" if ":" in host else host
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        netloc = f"{netloc}:{port}"
    return urlunsplit((scheme, netloc, path, _normalise_query(parts.query), ""))


def registrable_domain(url: str) -> str:
    """The registrable domain of an http(s) URL (``www.bbc.co.uk`` -> ``bbc.co.uk``).

    Decided by the Public Suffix List, private section included, from the snapshot that
    tldextract ships (nothing is fetched): ``a.github.io`` and ``b.github.io`` are two sites,
    as are ``news.spb.ru`` and ``shop.spb.ru``. IP addresses and single-label hosts are
    returned whole. Raises ValueError like ``canonical_url``.
    """
    host = urlsplit(canonical_url(url)).hostname or ""
    if ":" in host:  # an IPv6 literal
        return host
    return _public_suffixes()(host).top_domain_under_public_suffix or host


@functools.cache
def _public_suffixes() -> tldextract.TLDExtract:
    """The Public Suffix List, loaded once per process from tldextract's bundled snapshot."""
    import tldextract

    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def same_site(a: str, b: str) -> bool:
    """True when two http(s) URLs belong to one site (same registrable domain or site group)."""
    da, db = registrable_domain(a), registrable_domain(b)
    return da == db or (da in _SITE_GROUPS and _SITE_GROUPS.get(da) == _SITE_GROUPS.get(db))


def choose_canonical(fetched_url: str, declared: str | None) -> str:
    """The canonical URL of a fetched page: its ``rel=canonical`` when trustworthy.

    ``declared`` (resolved against ``fetched_url``) is used only when it is an http(s) URL on
    the same site as ``fetched_url``; a page cannot claim another domain's article. Otherwise
    the canonical form of ``fetched_url`` is returned. Raises ValueError only when
    ``fetched_url`` itself is not an http(s) URL.
    """
    fetched = canonical_url(fetched_url)
    if not declared or not declared.strip():
        return fetched
    try:
        candidate = canonical_url(declared, base=fetched_url)
    except ValueError:
        logger.info("ignoring rel=canonical %r of %s: not an http(s) URL", declared, fetched_url)
        return fetched
    if not same_site(candidate, fetched):
        logger.info("ignoring rel=canonical %s of %s: another site", candidate, fetched_url)
        return fetched
    return candidate


def _normalise_host(host: str) -> str:
    host = host.rstrip(".")
    if not host:
        raise ValueError("empty host")
    if ":" in host:  # IPv6 literal, already validated by urlsplit
        return host.lower()
    host = host.lower() if host.isascii() else idna.encode(host, uts46=True).decode("ascii")
    if not _ASCII_HOST.fullmatch(host):
        raise ValueError(f"invalid host {host!r}")
    return host


def _desktop_host(host: str) -> str:
    for label in _MOBILE_LABELS:
        rest = host[len(label) :]
        if host.startswith(label) and rest.count(".") >= 1:
            return "www." + rest
    return host


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def _normalise_escapes(text: str, safe: frozenset[str]) -> str:
    """Decode escapes of unreserved characters, upper-case the rest, escape unsafe characters."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%" and i + 2 < len(text) and text[i + 1] in _HEX and text[i + 2] in _HEX:
            decoded = chr(int(text[i + 1 : i + 3], 16))
            out.append(decoded if decoded in _UNRESERVED else "%" + text[i + 1 : i + 3].upper())
            i += 3
            continue
        if ch in safe:
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        i += 1
    return "".join(out)


def _normalise_path(path: str) -> str:
    result = "/" + "/".join(_path_segments(_normalise_escapes(path, _PATH_SAFE).split("/")))
    # Removing one AMP marker can expose another (``x.amp.amp``): repeat to a fixed point so
    # the function stays idempotent.
    while True:
        again = "/" + "/".join(_path_segments(result.split("/")))
        if again == result:
            return result
        result = again


def _path_segments(raw_segments: list[str]) -> list[str]:
    segments: list[str] = []
    for raw in raw_segments:
        if raw in ("", "."):
            continue
        if raw == "..":
            if segments:
                segments.pop()
            continue
        if raw.lower() == "amp":
            continue
        segments.append(raw)
    if segments and segments[-1].lower().endswith(".amp") and len(segments[-1]) > 4:
        segments[-1] = segments[-1][:-4]
    return segments


def _is_tracking(key: str, value: str) -> bool:
    name = unquote(key).strip().lower()
    if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
        return True
    allowed = _TRACKING_VALUES.get(name)
    return allowed is not None and unquote(value).strip().lower() in allowed


def _normalise_query(query: str) -> str:
    pairs: list[tuple[str, str, bool]] = []
    for item in query.split("&"):
        if not item:
            continue
        key, sep, value = item.partition("=")
        if _is_tracking(key, value):
            continue
        key = _normalise_escapes(key, _QUERY_PART_SAFE)
        value = _normalise_escapes(value, _QUERY_PART_SAFE | {"="})
        pairs.append((key, value, bool(sep)))
    pairs.sort()
    return "&".join(f"{k}={v}" if sep else k for k, v, sep in pairs)


def strip_tracking(url: str) -> str:
    """``url`` as published (scheme, host, path and trailing slash kept), minus its fragment and
    tracking parameters: the address to request, where ``canonical_url`` is the key to compare.
    """
    parts = urlsplit(url.strip())
    kept = [
        item
        for item in parts.query.split("&")
        if item and not _is_tracking(*item.partition("=")[::2])
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), ""))
