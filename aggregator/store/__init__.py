"""Storage, the only SQL: models, the engine factory (session), and one module a concern:
feeds, work (leases), runs, articles, revisits, events, reads (paged readers for exports)."""
