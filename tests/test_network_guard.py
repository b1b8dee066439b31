import socket

import pytest


def test_outside_connections_are_refused():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(OSError, match="network access attempted"):
            s.connect(("93.184.216.34", 80))
    finally:
        s.close()


def test_project_tests_package_is_ours():
    # textstat 0.7.8 installs a top-level `tests` package into site-packages.
    import tests

    assert tests.__file__.endswith("tests/__init__.py")
    assert "site-packages" not in tests.__file__
