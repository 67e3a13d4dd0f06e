"""One event's articles -> how each outlet framed it (pure): the compare stage."""
