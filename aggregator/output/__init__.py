"""Records -> files for researchers: CSV/JSONL exports and the static HTML report."""
