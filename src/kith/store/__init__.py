"""All SQL lives here. `Store` opens (and migrates) a database and offers the reads
and writes the service layer needs; every statement is scoped by `account_id`."""

from kith.store.store import Store

__all__ = ["Store"]
