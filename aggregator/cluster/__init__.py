"""Articles -> events (pure): the cluster stage."""
