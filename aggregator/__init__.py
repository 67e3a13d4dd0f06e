"""aggregator: a multi-source news aggregator and framing-comparison pipeline."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
