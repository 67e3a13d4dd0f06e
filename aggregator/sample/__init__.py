"""The bundled demo sample: invented outlet pages and feeds packed into one WARC file.

SAMPLE DATA made by the team (see README.md here): ``DEMO_WARC`` replays with no network,
``EXPECTED_EVENTS`` maps each article URL to the event it covers. ``src/`` holds the editable
sources and ``build.py`` packs them.
"""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent
SOURCE_DIR = SAMPLE_DIR / "src"
DEMO_WARC = SAMPLE_DIR / "demo.warc.gz"
EXPECTED_EVENTS = SAMPLE_DIR / "expected_events.json"
