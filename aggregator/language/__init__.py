"""Language analysis shared by the pure stages: scripts, Latin-script keys, tokens and stems per
language, and the named-entity models (loaded once per process).

It sits below ``parse``, ``cluster`` and ``compare`` and above the shared records: it knows
nothing of the database, the network or the command line.
"""
