"""Several `aggregator worker` processes sharing one database: all work done once, none lost,
the outlets shared between them, a killed worker's share finished by the others, and every
stored article in an event once they are idle."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from aggregator.pipeline.locks import database_job_lock
from aggregator.store.models import Article, ArticleVersion, EventArticle, FetchLog, Run, Worker
from aggregator.store.session import make_engine, session_factory
from tests.support.http import Exchange, Response, serve
from tests.support.pipeline import article_html, rss

OUTLETS, FEEDS, PER_FEED = 4, 2, 6
EXE = Path(sys.executable).parent / "aggregator"


def _site(srv, delay_s: float, lease_s: float):  # type: ignore[no-untyped-def]
    def story(exchange: Exchange) -> Response:
        if delay_s:
            exchange.stopping.wait(delay_s)  # a slow page, so a worker can be killed mid-run
        n = int(exchange.request.path.rsplit("/", 1)[1])
        return Response(
            body=article_html(f"Story {n}", seed=n), content_type="text/html; charset=utf-8"
        )

    config = [
        "settings:",
        "  min_delay_s: 0",
        f"  lease_s: {lease_s}",
        "  feed_interval_s: 3600",
        "  retries: 0",
        "  timeout_s: 10",
        "  min_words: 40",
        "  revisit: []",
        "  total_concurrency: 4",
        "  extract_processes: 1",
        "outlets:",
    ]
    n = 0
    for o in range(OUTLETS):
        config += [
            f"  outlet{o}:",
            "    allow_private: true",
            "    min_delay_s: 0",
            "    concurrency: 4",
            "    feeds:",
        ]
        for f in range(FEEDS):
            links = []
            for _ in range(PER_FEED):
                links.append((f"Story {n}", srv.url(f"/story/{n}")))
                srv.routes[f"/story/{n}"] = story
                n += 1
            srv.routes[f"/o{o}/f{f}.xml"] = Response(
                body=rss(links), content_type="application/rss+xml"
            )
            config.append(f"      - url: {srv.url(f'/o{o}/f{f}.xml')}")
    return "\n".join(config) + "\n", n


def _start(
    config: Path, db_url: str, cwd: Path, count: int, *options: str
) -> list[subprocess.Popen[str]]:
    env = {**os.environ, "AGGREGATOR_DATABASE_URL": db_url}
    command = [str(EXE), *options, "--config", str(config), "worker", "--until-idle"]
    return [
        subprocess.Popen(
            [*command, "--poll", "0.3"],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        for _ in range(count)
    ]


def _finish(workers: list[subprocess.Popen[str]]) -> list[int]:
    codes, errors = [], []
    for proc in workers:
        _, stderr = proc.communicate(timeout=240)
        codes.append(proc.returncode)
        errors.append(stderr)
    # a worker that failed says why: its whole stderr goes to the test's captured output
    for code, stderr in zip(codes, errors, strict=True):
        if code != 0:
            sys.stderr.write(f"--- worker exited {code}; its stderr:\n{stderr}\n")
    _finish.stderr = errors  # type: ignore[attr-defined]
    return codes


def _stored(db_url: str) -> tuple[int, int, int]:
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        extracted = session.execute(
            select(func.count()).select_from(Article).where(Article.status == "extracted")
        ).scalar_one()
        versions = session.execute(select(func.count()).select_from(ArticleVersion)).scalar_one()
        clustered = session.execute(select(func.count()).select_from(EventArticle)).scalar_one()
    engine.dispose()
    return extracted, versions, clustered


def _without_event(db_url: str) -> list[int]:
    """Stored articles (with a version) that are in no event."""
    engine = make_engine(db_url)
    with session_factory(engine)() as session:
        missing = list(
            session.scalars(
                select(Article.id)
                .outerjoin(EventArticle, EventArticle.article_id == Article.id)
                .where(Article.current_version_id.is_not(None), EventArticle.article_id.is_(None))
            )
        )
    engine.dispose()
    return missing


def _outlets_by_worker(db_url: str) -> dict[int, set[int]]:
    """Per worker process: the outlets whose pages it fetched (from the fetch log)."""
    engine = make_engine(db_url)
    shares: dict[int, set[int]] = {}
    with session_factory(engine)() as session:
        rows = session.execute(
            select(Run.pid, Article.outlet_id)
            .select_from(FetchLog)
            .join(Run, Run.id == FetchLog.run_id)
            .join(Article, Article.id == FetchLog.article_id)
        )
        for pid, outlet in rows:
            shares.setdefault(pid or 0, set()).add(outlet)
    engine.dispose()
    return shares


def _write_config(text: str, tmp_path: Path) -> Path:
    config = tmp_path / "feeds.yaml"
    config.write_text(
        text.replace(
            "settings:\n",
            f"settings:\n  lock_dir: {tmp_path}\n  archive_dir: {tmp_path / 'warc'}\n",
        ),
        encoding="utf-8",
    )
    return config


def test_four_workers_do_every_piece_of_work_once(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        text, total = _site(srv, 0.0, lease_s=60)
        config = tmp_path / "feeds.yaml"
        config.write_text(
            text.replace(
                "settings:\n",
                f"settings:\n  lock_dir: {tmp_path}\n  archive_dir: {tmp_path / 'warc'}\n",
            ),
            encoding="utf-8",
        )
        codes = _finish(_start(config, db_url, tmp_path, 4))
        pages = Counter(r.path for r in srv.requests if r.path.startswith("/story/"))
        feeds = Counter(r.path for r in srv.requests if r.path.endswith(".xml"))
    assert codes == [0, 0, 0, 0], _finish.stderr  # type: ignore[attr-defined]
    assert len(pages) == total and set(pages.values()) == {1}  # each page fetched once
    assert len(feeds) == OUTLETS * FEEDS and set(feeds.values()) == {1}
    assert _stored(db_url) == (total, total, total)
    assert _without_event(db_url) == []


def _registered(db_url: str, count: int, timeout_s: float = 120.0) -> threading.Event:
    """An event set once ``count`` workers have registered (watched from a thread)."""
    ready = threading.Event()

    def watch() -> None:
        engine = make_engine(db_url)
        deadline = time.monotonic() + timeout_s
        try:
            while time.monotonic() < deadline:
                with engine.connect() as connection:
                    seen = connection.execute(select(func.count()).select_from(Worker))
                    if seen.scalar_one() >= count:
                        break
                time.sleep(0.05)
        finally:
            engine.dispose()
            ready.set()  # on timeout too: the assertions then say what happened

    threading.Thread(target=watch, daemon=True).start()
    return ready


def test_two_workers_share_four_outlets(db_url: str, tmp_path: Path) -> None:
    """Neither worker holds every outlet: each fetches from at least one, every page once."""
    with serve() as srv:
        text, total = _site(srv, 0.05, lease_s=60)
        # the feeds answer once both workers are up: on a loaded machine the second process
        # could otherwise start after the first had done all the work alone
        both = _registered(db_url, 2)
        for path, response in list(srv.routes.items()):
            if path.endswith(".xml"):

                def gated(exchange: Exchange, response: Response = response) -> Response:
                    both.wait(120)
                    return response

                srv.routes[path] = gated
        codes = _finish(_start(_write_config(text, tmp_path), db_url, tmp_path, 2))
        pages = Counter(r.path for r in srv.requests if r.path.startswith("/story/"))
    assert codes == [0, 0], _finish.stderr  # type: ignore[attr-defined]
    assert len(pages) == total and set(pages.values()) == {1}
    shares = _outlets_by_worker(db_url)
    assert len(shares) == 2 and all(shares.values()), shares
    assert len(set().union(*shares.values())) == OUTLETS
    assert _stored(db_url) == (total, total, total)


def test_articles_stored_while_another_clusters_get_an_event(db_url: str, tmp_path: Path) -> None:
    """The cluster lock is held (as by another worker's cluster run) while three workers store
    every article and find it held: they wait for it before going idle, and no article is
    left without an event."""
    with serve() as srv:
        text, total = _site(srv, 0.0, lease_s=60)
        config = _write_config(text, tmp_path)
        with database_job_lock(db_url, tmp_path, "cluster"):
            workers = _start(config, db_url, tmp_path, 3, "-v")
            logs: list[list[str]] = [[] for _ in workers]
            readers = [
                threading.Thread(target=lambda p=p, log=log: log.extend(p.stderr or ()))
                for p, log in zip(workers, logs, strict=True)
            ]
            for reader in readers:
                reader.start()
            deadline = time.monotonic() + 120
            # every worker stored its share and found the lock held (or, gave up and exited)
            while _stored(db_url)[0] < total or not all(
                proc.poll() is not None or any("clustering" in line for line in log)
                for proc, log in zip(workers, logs, strict=True)
            ):
                assert time.monotonic() < deadline, "workers made no progress"
                time.sleep(0.05)
            assert _without_event(db_url)  # stored, and not clustered while the lock is held
        for proc, reader in zip(workers, readers, strict=True):
            proc.wait(timeout=240)
            reader.join()
            for pipe in (proc.stdout, proc.stderr):
                if pipe is not None:
                    pipe.close()
    codes = [proc.returncode for proc in workers]
    assert codes == [0, 0, 0], ["".join(log) for log in logs]
    assert _without_event(db_url) == []
    assert _stored(db_url) == (total, total, total)


def test_killed_worker_share_is_finished_by_the_others(db_url: str, tmp_path: Path) -> None:
    with serve() as srv:
        text, total = _site(srv, 0.1, lease_s=3)
        config = tmp_path / "feeds.yaml"
        config.write_text(
            text.replace(
                "settings:\n",
                f"settings:\n  lock_dir: {tmp_path}\n  archive_dir: {tmp_path / 'warc'}\n",
            ),
            encoding="utf-8",
        )
        workers = _start(config, db_url, tmp_path, 4)
        deadline = time.monotonic() + 120
        while sum(r.path.startswith("/story/") for r in srv.requests) < total // 4:
            assert time.monotonic() < deadline, "workers made no progress"
            time.sleep(0.05)
        victim = workers[0]
        os.killpg(victim.pid, signal.SIGKILL)  # the worker and anything it started
        codes = _finish(workers)
        pages = Counter(r.path for r in srv.requests if r.path.startswith("/story/"))
    assert codes[0] == -signal.SIGKILL and codes[1:] == [0, 0, 0]
    assert len(pages) == total
    assert max(pages.values()) <= 2  # only the victim's in-flight pages were fetched again
    assert _stored(db_url) == (total, total, total)
    assert _without_event(db_url) == []


def test_sigterm_between_passes_stops_the_worker_and_retires_it(
    db_url: str, tmp_path: Path
) -> None:
    """A worker asleep between passes died of SIGTERM the default way: exit 143 with not a
    word, and its row stayed in `workers`, so workers on other machines kept leaving it a
    share of the outlets until `lease_s` ran out."""
    with serve() as srv:
        text, _ = _site(srv, delay_s=0, lease_s=600)
        config = _write_config(text, tmp_path)
        env = {**os.environ, "AGGREGATOR_DATABASE_URL": db_url}
        command = [str(EXE), "--config", str(config), "worker", "--poll", "60"]
        proc = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, start_new_session=True,
        )  # fmt: skip
        try:
            engine = make_engine(db_url)
            deadline = time.monotonic() + 120
            with session_factory(engine)() as session:
                while not session.execute(  # its first pass and clustering are done: idle
                    select(func.count())
                    .select_from(Run)
                    .where(Run.job == "cluster", Run.status == "ok")
                ).scalar_one():
                    assert time.monotonic() < deadline and proc.poll() is None, proc.poll()
                    time.sleep(0.2)
                    session.rollback()
            time.sleep(1.0)
            proc.send_signal(signal.SIGTERM)
            _, stderr = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        with engine.connect() as connection:
            left = connection.execute(select(func.count()).select_from(Worker)).scalar_one()
        engine.dispose()
    assert proc.returncode == 143, stderr
    assert "aggregator: stopped by SIGTERM; the worker has stopped" in stderr
    assert left == 0
