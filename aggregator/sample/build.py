"""src/manifest.json + the page and feed files it lists -> demo.warc.gz (one WARC file).

Run ``python -m aggregator.sample.build [--out PATH]``. Each manifest capture becomes one
archived fetch (response + request + metadata records) written with ``WarcArchive``, in capture
order; ``Content-Length`` and ``Date`` headers are added here. The output is deterministic apart
from WARC record ids and the warcinfo file name.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from aggregator.errors import ArchiveError
from aggregator.fetch.archive import WarcArchive
from aggregator.records import FetchResult
from aggregator.sample import DEMO_WARC, SOURCE_DIR

log = logging.getLogger(__name__)

USER_AGENT = "aggregator/0.1 (+https://github.com/aggregator-news/aggregator)"


@dataclass(frozen=True)
class Capture:
    """One manifest entry: what a fetch of ``url`` returned at ``captured``."""

    url: str
    file: str
    status: int
    captured: datetime
    headers: tuple[tuple[str, str], ...]
    outlet: str | None = None
    kind: str | None = None
    note: str | None = None


def read_manifest(src: Path = SOURCE_DIR) -> list[Capture]:
    """The captures listed in ``src/manifest.json``, in capture order."""
    path = src / "manifest.json"
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        captures = [
            Capture(
                url=item["url"],
                file=item["file"],
                status=int(item.get("status", 200)),
                captured=datetime.fromisoformat(item["captured"].replace("Z", "+00:00")),
                headers=tuple((str(k), str(v)) for k, v in item.get("headers", [])),
                outlet=item.get("outlet"),
                kind=item.get("kind"),
                note=item.get("note"),
            )
            for item in raw["captures"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ArchiveError(f"cannot read sample manifest {path}: {exc}") from exc
    return sorted(captures, key=lambda c: c.captured)


def _result(capture: Capture, body: bytes) -> FetchResult:
    headers = (
        *capture.headers,
        ("Content-Length", str(len(body))),
        ("Date", format_datetime(capture.captured, usegmt=True)),
    )
    digest = hashlib.sha256(body).hexdigest()
    return FetchResult(
        url=capture.url,
        final_url=capture.url,
        status=capture.status,
        headers=headers,
        body=body,
        fetched_at=capture.captured,
        # a plausible, deterministic elapsed time (no clock involved)
        elapsed_s=round(0.12 + int(digest[:4], 16) / 65536 * 0.6, 3),
        body_sha256=digest,
    )


def build_sample(src: Path = SOURCE_DIR, out: Path = DEMO_WARC) -> Path:
    """Pack every capture of ``src/manifest.json`` into the single WARC file ``out``."""
    captures = read_manifest(src)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        with WarcArchive(Path(tmp), max_bytes=2**40, prefix="demo") as archive:
            for capture in captures:
                try:
                    body = (src / capture.file).read_bytes()
                except OSError as exc:
                    raise ArchiveError(
                        f"sample capture {capture.url}: cannot read {src / capture.file}: {exc}"
                    ) from exc
                metadata = {"sample": "true", "source-file": capture.file}
                for key in ("outlet", "kind", "note"):
                    value = getattr(capture, key)
                    if value:
                        metadata[key] = value
                archive.write(
                    _result(capture, body),
                    request_headers=[("User-Agent", USER_AGENT), ("Accept", "*/*")],
                    metadata=metadata,
                )
        (written,) = Path(tmp).iterdir()
        os.replace(written, out)
    log.info("wrote %d captures to %s", len(captures), out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m aggregator.sample.build",
        description="Pack the demo sample sources into one WARC file.",
        epilog="example: python -m aggregator.sample.build --out /tmp/demo.warc.gz",
    )
    parser.add_argument("--src", type=Path, default=SOURCE_DIR, help="folder with manifest.json")
    parser.add_argument("--out", type=Path, default=DEMO_WARC, help="WARC file to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build_sample(args.src, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
