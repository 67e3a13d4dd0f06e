"""Every key feeds.yaml accepts, with its type, default and one-line meaning: the list the
validator checks against and docs/configuration.md documents (a test compares the two). Data only.
"""

from __future__ import annotations

from typing import Any

# key: (type, default, doc) -- the single list of settings under `settings:` in feeds.yaml
SETTINGS_DOC: dict[str, tuple[type, Any, str]] = {
    "user_agent": (
        str,
        "aggregator/0.1 (+{contact_url})",
        "User-Agent sent with every request; {contact_url} is filled in",
    ),
    "contact_url": (
        str,
        "https://github.com/aggregator-news/aggregator",
        "URL where site owners can reach the operator",
    ),
    "timeout_s": (float, 20.0, "connect/read/write timeout of one request, seconds"),
    "total_timeout_s": (float, 60.0, "wall-clock limit of one request including its body"),
    "max_bytes": (int, 10_000_000, "response size cap, enforced while streaming"),
    "max_redirects": (int, 5, "longest redirect chain followed"),
    "retries": (int, 3, "retries after the first attempt, on connection errors, 429 and 5xx"),
    "backoff_s": (float, 1.0, "base of the exponential backoff between retries, seconds"),
    "max_retry_after_s": (
        float,
        120.0,
        "longest Retry-After honoured; longer gives up for this run",
    ),
    "min_delay_s": (float, 1.0, "default minimum delay between two requests to one host"),
    "concurrency": (int, 2, "default number of requests in flight to one host"),
    "total_concurrency": (int, 8, "requests in flight across all hosts"),
    "obey_robots": (bool, True, "fetch and obey robots.txt of each host"),
    "archive_dir": (str, "data/warc", "folder for the rotating gzipped WARC files"),
    "warc_max_bytes": (int, 100_000_000, "size at which a WARC file is closed and a new one begun"),
    "min_words": (int, 80, "fewer extracted words than this count as a failed extraction"),
    "max_articles_per_feed": (int, 200, "newest entries taken from one feed per run"),
    "lock_dir": (str, "data", "folder holding the job lock files"),
    "cluster_window_days": (float, 3.0, "how far apart in time articles of one event may be"),
    "cluster_embeddings": (
        bool,
        False,
        "blend MiniLM sentence embeddings into clustering (needs `make install-embeddings`)",
    ),
    "revisit": (
        list,
        ["15m", "1h", "3h", "12h", "1d", "3d", "7d"],
        "when to re-fetch an article after it is first seen, e.g. [15m, 1h, 1d]; [] = never",
    ),
    "lease_s": (
        float,
        600.0,
        "how long a run's claim on a feed or article lasts before another run may take it over",
    ),
    "feed_interval_s": (float, 900.0, "`aggregator worker`: how often each feed is polled"),
    "terms_min_z": (
        float,
        1.96,
        "distinctive terms: the smallest |z| reported (1.96: the 5% level, two-sided)",
    ),
    "terms_min_count": (
        int,
        3,
        "distinctive terms: the fewest uses a reported term has (the outlet's, or the others')",
    ),
    "extract_processes": (
        int,
        0,
        "worker processes for extraction in large runs (0: one per core; 1: in-process)",
    ),
}

OUTLET_KEYS: dict[str, str] = {
    "name": "display name of the outlet",
    "aliases": "other names of the outlet itself (an outlet never omits itself)",
    "languages": "list of ISO 639-1 language codes the outlet publishes in",
    "enabled": "false skips the outlet in `ingest` (default true)",
    "min_delay_s": "minimum delay between two requests to one of its hosts (default: settings)",
    "concurrency": "requests in flight to one of its hosts (default: settings)",
    "feeds": "list of feeds (see feed keys)",
    "allow_private": "true lets its URLs resolve to private/loopback addresses (default false)",
    "revisit": "revisit schedule after first seen, e.g. [15m, 1h, 1d] (default: settings.revisit)",
}

FEED_KEYS: dict[str, str] = {
    "url": "http(s) URL of an RSS/Atom feed or a news sitemap",
    "kind": "`rss` (also Atom) or `sitemap` (default rss)",
    "language": "ISO 639-1 code of the feed's articles, when the outlet has several",
    "section": "section name recorded on its articles",
    "enabled": "false skips this feed (default true)",
}
