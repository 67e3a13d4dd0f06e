"""The guarded transport: the address check at connect time, the total deadline, HTTPS."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from aggregator.errors import BlockedURLError
from aggregator.fetch import client
from aggregator.fetch.guard import PrivateAddressError
from aggregator.fetch.transport import GuardedTransport, request_extensions
from tests.support.http import Response, drip, hang, serve


def test_transport_alone_fails_closed_without_extensions() -> None:
    # Used by any httpx client, the transport refuses private addresses unless a request says
    # otherwise, and then serves it like httpx's own transport would.
    with (
        serve({"/a": Response(body=b"inside")}) as srv,
        httpx.Client(transport=GuardedTransport(verify=True, total_concurrency=2)) as http,
    ):
        with pytest.raises(PrivateAddressError):
            http.get(srv.url("/a"))
        allowed = request_extensions(deadline=time.monotonic() + 5, allow_private=True)
        response = http.get(srv.url("/a"), extensions=allowed)
        count = len(srv.requests)
    assert (response.status_code, response.content) == (200, b"inside")
    assert count == 1


def test_connect_time_check_catches_what_a_lookup_missed(
    fetcher_factory: Any, monkeypatch: pytest.MonkeyPatch, fetch_error: Any
) -> None:
    # As if DNS answered a public address first and 127.0.0.1 at connect time (rebinding).
    monkeypatch.setattr(client, "check_address", lambda target, url: None)
    with serve({"/a": Response(body=b"secret")}) as srv:
        error = fetch_error(fetcher_factory(), srv.url("/a"), allow_private=False)
        count = len(srv.requests)
    assert isinstance(error, BlockedURLError) and error.reason == "private_address"
    assert count == 0


def test_a_connection_opened_for_private_use_is_not_reused_without_it(
    fetcher_factory: Any, monkeypatch: pytest.MonkeyPatch, fetch_error: Any
) -> None:
    # One outlet may reach private addresses and leaves a keep-alive connection to 127.0.0.1;
    # another outlet's request to the same origin, whose lookup said "public" (rebinding),
    # must not ride on that connection: it gets its own and is refused at connect time.
    monkeypatch.setattr(client, "check_address", lambda target, url: None)
    with serve({"/a": Response(body=b"secret")}) as srv:
        fetcher = fetcher_factory()
        assert fetcher.fetch(srv.url("/a"), allow_private=True).body == b"secret"
        error = fetch_error(fetcher, srv.url("/a"), allow_private=False)
        count = len(srv.requests)
    assert isinstance(error, BlockedURLError) and error.reason == "private_address"
    assert count == 1


def test_server_that_never_answers_times_out(fetcher_factory: Any, fetch_error: Any) -> None:
    with serve({"/hang": hang}) as srv:
        started = time.monotonic()
        error = fetch_error(fetcher_factory(timeout_s=0.3, retries=0), srv.url("/hang"))
        took = time.monotonic() - started
    assert error.reason == "timeout" and error.transient
    assert took < 3


@pytest.mark.parametrize("drip_headers", [False, True])
def test_slow_drip_hits_total_deadline(
    fetcher_factory: Any, drip_headers: bool, fetch_error: Any
) -> None:
    # each byte arrives well within the read timeout; only the total deadline can stop it
    route = drip(b"x" * 200, 0.05, drip_headers=drip_headers)
    with serve({"/drip": route}) as srv:
        fetcher = fetcher_factory(timeout_s=2.0, total_timeout_s=0.6, retries=0)
        started = time.monotonic()
        error = fetch_error(fetcher, srv.url("/drip"))
        took = time.monotonic() - started
    assert error.reason == "timeout" and error.transient
    assert 0.5 < took < 3


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl command not available to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


def test_https_through_the_guarded_backend(
    fetcher_factory: Any, certificate: tuple[Path, Path], fetch_error: Any
) -> None:
    cert, key = certificate
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    trusting = ssl.create_default_context(cafile=str(cert))
    with serve({"/s": Response(body=b"secure")}, tls=server_tls) as srv:
        assert srv.base_url.startswith("https://")
        result = fetcher_factory(verify=trusting).fetch(srv.url("/s"), allow_private=True)
        untrusted = fetch_error(fetcher_factory(retries=0), srv.url("/s"))
    assert result.body == b"secure"
    assert result.final_url.startswith("https://")
    assert untrusted.reason == "connect"  # self-signed certificate refused by default
