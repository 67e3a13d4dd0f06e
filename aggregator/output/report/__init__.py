"""Framing comparisons -> a static HTML site (``write_report``): view models filled into Jinja2
templates. Reads the package's ``templates/``; writes only the directory it is given.

``site`` writes the files; ``event``, ``index``, ``timeline`` and ``history`` compute what each
page shows; ``render`` fills the templates; ``formatting`` turns times, lags and outlets to text.
"""

from aggregator.output.report.formatting import format_lag, outlet_colour
from aggregator.output.report.site import MARKER, ReportError, ReportSummary, write_report

__all__ = ["MARKER", "ReportError", "ReportSummary", "format_lag", "outlet_colour", "write_report"]
