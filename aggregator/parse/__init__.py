"""Bytes -> records (pure): feeds and sitemaps, article pages, researchers' corpus files.

``feeds`` (RSS/Atom, and the entry for sitemaps), ``sitemaps``, ``fragments`` (feed text and
links), ``extract`` (a page -> Extraction) with ``metadata`` and ``sites/`` (one reader an
outlet), ``corpus`` (JSONL/CSV imports). Imports only records, errors, config, urls, digest,
times and its own modules: never the store, fetch, the pipeline or the CLI.
"""
