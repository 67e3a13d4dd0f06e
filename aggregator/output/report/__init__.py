"""Framing comparisons -> a static HTML site (``write_report``)."""
