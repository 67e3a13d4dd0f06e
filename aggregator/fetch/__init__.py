"""URLs -> archived responses: the only package that talks HTTP (and writes/replays WARC)."""
