"""A job run's life: its row in ``runs`` -> SIGTERM/SIGINT turned into a clean stop -> the state
it ends in. Takes a session factory and the run's id; touches the runs table and, for the
length of the run, the process's SIGTERM and SIGINT handlers.

The run states and their exit codes are documented in docs/status.md: ``ok`` 0, ``partial`` 1,
``failed`` 1, ``backed-off`` 1, ``interrupted`` 128 + signal, ``crashed`` 1 (with a traceback);
``died``: a run left ``running`` by a killed process (``status`` shows it so; the next run on
that machine records it, see ``store.workers.release_dead_claims``).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from sqlalchemy.orm import Session, sessionmaker

from aggregator.errors import RunInterrupted, signal_name
from aggregator.store.feeds import BackOff
from aggregator.store.runs import finish_run

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

# what a run's row says: ``running`` while it runs, then how it ended (docs/status.md)
OK, PARTIAL, FAILED, BACKED_OFF = "ok", "partial", "failed", "backed-off"
INTERRUPTED, CRASHED, RUNNING, DIED = "interrupted", "crashed", "running", "died"


def ingest_state(counts: dict[str, int], failures: int, back_off: BackOff) -> str:
    """The state an ingest run ends in: ``failed`` when every feed it fetched failed,
    ``backed-off`` when it fetched no feed because every one was backing off, else ``ok`` or
    ``partial`` (some items failed)."""
    fetched = counts.get("feeds", 0)
    if fetched and counts.get("feeds_failed", 0) == fetched:
        return FAILED
    if not fetched and back_off.everything:
        return BACKED_OFF
    return OK if failures == 0 else PARTIAL


class Stop:
    """The stop signal a guarded block received (``signum``, None while none came); ``lost``
    while its ``RunInterrupted`` was dropped by Python and is being raised again; ``hooking``
    while the hook that saw it dropped runs (raised there, it would be dropped once more)."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.lost = False
        self.active = True
        self.hooking = False


@contextmanager
def stop_on_signals() -> Iterator[Stop]:
    """SIGTERM and SIGINT raise ``RunInterrupted`` in the main thread for the block (and are
    noted in the ``Stop`` it yields); a second one while stopping ends the process the default
    way. Handlers are restored afterwards. Outside the main thread (signals cannot be handled
    there) the block runs unguarded.

    The signal is handled wherever the main thread is, also inside a finaliser or a weakref
    callback (SQLAlchemy has some), where Python prints an exception and drops it: then the
    stop is sent to the main thread again, to be raised once it is back in ordinary code."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    main = threading.main_thread().ident or 0

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.signum is not None and not stop.lost:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if stop.signum is None:
            stop.signum = signum
            log.warning("%s received: stopping the run", signal_name(signum))
        if stop.hooking:  # in the hook below: left lost, for send_again once the hook returned
            stop.lost = True
            return
        stop.lost = False
        raise RunInterrupted(stop.signum)

    def send_again() -> None:
        while stop.hooking:  # a loaded machine may run this thread before the hook returned
            time.sleep(0.005)
        if stop.lost and stop.active and stop.signum is not None:
            signal.pthread_kill(main, stop.signum)

    def dropped(unraisable: sys.UnraisableHookArgs) -> None:
        if isinstance(unraisable.exc_value, RunInterrupted) and stop.signum is not None:
            stop.hooking = True
            stop.lost = True
            threading.Timer(0.01, send_again).start()
            stop.hooking = False  # nothing runs a signal handler between this and the return
            return
        previous_hook(unraisable)

    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    previous_hook = sys.unraisablehook
    for sig in STOP_SIGNALS:
        signal.signal(sig, handler)
    sys.unraisablehook = dropped
    try:
        yield stop
    finally:
        stop.active = False
        sys.unraisablehook = previous_hook
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextmanager
def recorded_end(
    sessions: sessionmaker[Session],
    run_id: int,
    progress: Callable[[], tuple[dict[str, int], int]],
) -> Iterator[None]:
    """Guard a started run: a stop signal records it ``interrupted``, any other escaping error
    ``crashed`` (each with the counts and failure count ``progress`` gives), then re-raises.
    The normal end is recorded by the caller, inside the block.

    The stop arrives wherever the main thread is, so code it interrupts may raise an error of
    its own in its clean-up (a library's ``finally``) that replaces it: an error escaping after
    a stop signal still records the run ``interrupted`` and raises ``RunInterrupted``."""
    with stop_on_signals() as stop:
        try:
            yield
            if stop.lost and stop.signum is not None:  # dropped, and the block ended meanwhile
                raise RunInterrupted(stop.signum)
        except RunInterrupted as exc:
            _record(sessions, run_id, progress, INTERRUPTED, str(exc))
            raise
        except BaseException as exc:
            if stop.signum is not None:
                interrupted = RunInterrupted(stop.signum)
                log.warning("stopping the run: %s: %s", type(exc).__name__, exc)
                _record(sessions, run_id, progress, INTERRUPTED, str(interrupted))
                raise interrupted from exc
            _record(sessions, run_id, progress, CRASHED, f"crashed: {type(exc).__name__}: {exc}")
            raise


def _record(
    sessions: sessionmaker[Session],
    run_id: int,
    progress: Callable[[], tuple[dict[str, int], int]],
    status: str,
    message: str,
) -> None:
    counts, failures = progress()
    try:
        with sessions.begin() as session:
            finish_run(
                session, run_id, counts=counts, failures=failures, message=message, status=status
            )
    except Exception as exc:  # the database may be what failed: the original error matters more
        log.warning("could not record run %s as %s: %s", run_id, status, exc)
