"""The one dependency direction, checked on the source: commplan may use
message_library and audiences, never the reverse; only commplan/ui imports
streamlit; only commplan/store speaks SQL."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def sources(package: str):
    return sorted((ROOT / package).rglob("*.py"))


def test_data_packages_never_import_commplan():
    for package in ("message_library", "audiences"):
        for path in sources(package):
            assert "commplan" not in imports(path), path


def test_only_ui_imports_streamlit():
    for path in sources("commplan"):
        if "ui" in path.relative_to(ROOT / "commplan").parts:
            continue
        assert "streamlit" not in imports(path), path


def test_only_store_speaks_sql():
    for package in ("commplan", "message_library", "audiences"):
        for path in sources(package):
            rel = path.relative_to(ROOT)
            if rel.parts[:2] == ("commplan", "store"):
                continue
            found = imports(path) & {"sqlalchemy", "sqlite3", "psycopg", "psycopg2", "alembic"}
            assert not found, f"{rel} imports {found}"
