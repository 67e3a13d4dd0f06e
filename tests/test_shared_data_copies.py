"""No committed file holds a copy of the shared data's texts (RULES: read them where they lie): with
the shared data present (AGGREGATOR_SHARED_DATA), no file of the repository contains a run of 200
characters or more of an outlet page's gold body, a crossling-dev or clustering-dev article or a
factRuEval document.

Fast by construction: the shared texts are cut into word 10-grams at every tenth word (a dict of
hashes); a run of 200 characters has ~30 words, so it holds one of them whole. Each file of the
repository is read once, every 10-gram of it looked up, and a hit is grown word by word on both
sides to see how long the common run is, in characters.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_DATA = os.environ.get("AGGREGATOR_SHARED_DATA")
DATA = Path(_DATA) if _DATA else None
N = 10  # words in a looked-up gram
LONGEST = 200  # characters: a common run this long is a copy
_WORD = re.compile(r"\w+")
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\[nrt]")

pytestmark = pytest.mark.skipif(
    DATA is None or not (DATA / "crossling-dev" / "articles.jsonl").exists(),
    reason="AGGREGATOR_SHARED_DATA does not point at the shared data",
)


def _words(text: str) -> list[str]:
    """Lower-case words; JSON escapes (``\\n``, ``\\u2019``) read as what they stand for."""
    text = _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else " ", text)
    return _WORD.findall(text.casefold())


def _shared_texts(data: Path) -> Iterator[str]:
    for path in sorted((data / "outlets").glob("*/gold.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)["body"]
    for name in (
        "crossling-dev/articles.jsonl",
        "framing-dev/ner_ru_dev.jsonl",
        "clustering-dev/allsides_dev.jsonl",
    ):
        path = data / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)["text"]


class SharedIndex:
    """Word grams of the shared texts at every ``N``-th word, and where each comes from."""

    def __init__(self, texts: Iterator[str]) -> None:
        self.docs: list[list[str]] = []
        self.grams: dict[tuple[str, ...], tuple[int, int]] = {}
        for text in texts:
            words = _words(text)
            k = len(self.docs)
            self.docs.append(words)
            for at in range(0, len(words) - N + 1, N):
                self.grams.setdefault(tuple(words[at : at + N]), (k, at))

    def longest_run(self, text: str) -> tuple[int, str]:
        """The longest run of shared words in ``text``, in characters (words and one separator
        each), and its opening words."""
        words = _words(text)
        best, what = 0, ""
        at = 0
        while at <= len(words) - N:
            hit = self.grams.get(tuple(words[at : at + N]))
            if hit is None:
                at += 1
                continue
            k, there = hit
            shared = self.docs[k]
            left = 0
            while (
                at - left > 0
                and there - left > 0
                and words[at - left - 1] == shared[there - left - 1]
            ):
                left += 1
            right = N
            while (
                at + right < len(words)
                and there + right < len(shared)
                and words[at + right] == shared[there + right]
            ):
                right += 1
            run = words[at - left : at + right]
            size = sum(len(w) + 1 for w in run)
            if size > best:
                best, what = size, " ".join(run[:12])
            at += right
        return best, what


def _committed_files() -> list[Path]:
    """The repository's files (git's list; every file under the root outside caches and the
    virtualenv when git is not there)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True
        ).stdout
        return [ROOT / name for name in out.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "__pycache__", "build", ".mypy_cache", ".ruff_cache"}
        return [
            p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)
        ]


@pytest.fixture(scope="module")
def index() -> SharedIndex:
    assert DATA is not None
    return SharedIndex(_shared_texts(DATA))


def test_the_check_finds_a_copy(index: SharedIndex) -> None:
    """A JSON line holding 250 characters of a shared article is caught, 120 are not."""
    assert DATA is not None
    article = json.loads(
        (DATA / "crossling-dev" / "articles.jsonl").read_text("utf-8").splitlines()[3]
    )
    body = article["text"]
    middle = len(body) // 3
    copied = json.dumps({"text": "Intro. " + body[middle : middle + 250] + " outro"})
    assert index.longest_run(copied)[0] >= LONGEST
    quoted = json.dumps({"text": body[middle : middle + 120]})
    assert index.longest_run(quoted)[0] < LONGEST


def test_no_committed_file_copies_the_shared_texts(index: SharedIndex) -> None:
    copies = []
    for path in _committed_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        size, what = index.longest_run(text)
        if size >= LONGEST:
            copies.append(f"{path.relative_to(ROOT)}: {size} characters from “{what} …”")
    assert not copies, "shared text copied into the repository:\n" + "\n".join(copies)
