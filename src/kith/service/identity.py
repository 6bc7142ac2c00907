"""Who is who: merging two people, undoing a merge, reviewing suggestions, forgetting."""

from __future__ import annotations

from typing import Any

from kith.errors import InvalidValue
from kith.store import Store, imports_log
from kith.store import merge as merge_store


def merge(store: Store, keep: str, merge_in: str) -> dict[str, Any]:
    """Merge person `merge_in` into person `keep`; the merge can be undone."""
    survivor_id, survivor_name = store.resolve_person(keep)
    merged_id, merged_name = store.resolve_person(merge_in)
    if survivor_id == merged_id:
        raise InvalidValue(f"{keep!r} and {merge_in!r} are the same person already")
    merge_id = store.merge(survivor_id, merged_id)
    return {
        "merge": merge_id,
        "survivor": {"id": survivor_id, "name": survivor_name},
        "merged": {"id": merged_id, "name": merged_name},
    }


def unmerge(store: Store, merge_id: int) -> dict[str, Any]:
    return store.unmerge(merge_id)


def merges(store: Store) -> list[dict[str, Any]]:
    return store.merges()


def suggestions(store: Store) -> list[dict[str, Any]]:
    return store.suggestions("open")


def accept_suggestion(store: Store, suggestion_id: int) -> dict[str, Any]:
    """Merge the pair a suggestion names: the person with more history survives."""
    found = store.suggestion(suggestion_id)
    if found["status"] != "open":
        raise InvalidValue(f"suggestion {suggestion_id} is already {found['status']}")
    a, b = found["a"], found["b"]
    count_a = store.person(a["id"])["summary"].get("touch_count") or 0
    count_b = store.person(b["id"])["summary"].get("touch_count") or 0
    keep, gone = (a, b) if count_a >= count_b else (b, a)
    merge_id = store.merge(keep["id"], gone["id"])
    return {
        "merge": merge_id,
        "survivor": {"id": keep["id"], "name": keep["name"]},
        "merged": {"id": gone["id"], "name": gone["name"]},
    }


def reject_suggestion(store: Store, suggestion_id: int) -> dict[str, Any]:
    found = store.suggestion(suggestion_id)
    store.set_suggestion_status(suggestion_id, "rejected")
    return {**found, "status": "rejected"}


def forget(store: Store, query: str) -> dict[str, Any]:
    """Erase a person and everything they said, everywhere (search index included)."""
    person_id, name = store.resolve_person(query)
    removed = store.forget(person_id)
    return {"person": {"id": person_id, "name": name}, "removed": removed}


def settle_me(store: Store, *, named: bool) -> list[int]:
    """Once the user says who they are: a person who is only their own card stops being
    a contact (its identities become theirs; see `store.merge`), and a name they gave
    stays theirs when the import that had first guessed it is undone. Returns the ids
    of the people removed."""
    with store.engine.begin() as conn:
        if named:
            imports_log.name_given_by_user(conn, store.account_id)
        return merge_store.take_own_cards(conn, store.account_id)
