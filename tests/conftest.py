"""Shared fixtures. The whole suite runs with the network off: any connection
to a non-loopback address fails the test that made it."""

from __future__ import annotations

import ipaddress
import socket

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address) -> bool:
    if isinstance(address, str):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        raise OSError(f"network access attempted during tests: {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        raise OSError(f"network access attempted during tests: {address!r}")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    yield
    socket.socket.connect = _real_connect
    socket.socket.connect_ex = _real_connect_ex


@pytest.fixture(scope="session")
def nlp():
    from commplan.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def library():
    from message_library import load_default_library

    return load_default_library()


@pytest.fixture(scope="session")
def audiences():
    from audiences import load_default_audiences

    return load_default_audiences()


# The longest files first: make test runs the files on every core, a file at a time per
# worker in collection order (pytest-xdist --dist loadfile), so a long file handed out
# last kept one core busy minutes after the other had finished. Browser journeys, then
# the page tests, then the database tests; the many short files last fill the gaps. The
# sort is stable: the order inside a file (the browser journeys share a server) is kept.
_HEAVY_FIRST = ("tests/e2e/", "tests/ui/", "tests/store/")


def _heaviness(item: pytest.Item) -> int:
    path = item.nodeid
    return next((i for i, prefix in enumerate(_HEAVY_FIRST) if path.startswith(prefix)), 3)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_heaviness)
