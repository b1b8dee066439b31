"""Alembic environment: run migrations on the connection commplan hands over."""

from alembic import context

from commplan.store import models  # noqa: F401  (registers the tables)
from commplan.store.base import Base
from commplan.store.migrate import include_object

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
