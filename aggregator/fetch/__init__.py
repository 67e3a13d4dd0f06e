"""URLs -> archived responses: the only package that talks HTTP (and writes/replays WARC).

``client.Fetcher`` is the entry point; it asks ``guard`` (schemes, addresses), ``politeness``
(per-host delay and slots), ``robots`` (robots.txt), ``redirects`` (one hop at a time) and
``body`` (bounded decoding), sends through ``transport`` (guarded sockets) and fails with the
reasons of ``reasons``. ``archive`` writes fetches to WARC files; ``replay`` reads them back.
"""
