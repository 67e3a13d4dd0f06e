"""Bytes -> records (pure): feeds, article pages and researchers' corpus files."""
