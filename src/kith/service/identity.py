"""Who is who: merging two people, undoing a merge, reviewing suggestions, forgetting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kith.errors import InvalidValue
from kith.identity import email_identity, phone_identity, profile_identity
from kith.models import Identity
from kith.store import Store


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


def set_me(
    store: Store,
    name: str | None,
    emails: Sequence[str],
    profiles: Sequence[str],
    phones: Sequence[str],
    *,
    remove_emails: Sequence[str] = (),
    remove_profiles: Sequence[str] = (),
    remove_phones: Sequence[str] = (),
) -> dict[str, Any]:
    """Say who the user is, or take one of their identities back, in one transaction.

    What follows is settled in the same transaction: a person who is only the user's
    own card, or the user under their name in a chat, stops being a contact (see
    `store.merge`). Returns `kith me` with what happened: `removed`, `absorbed` (those
    people) and `holding` (people with history who hold one of the user's identities,
    left for the user to `kith merge` or `kith forget`).
    """
    added = _identities(emails, profiles, phones)
    removed = _identities(remove_emails, remove_profiles, remove_phones)
    done = store.set_me(name, added, removed)
    return {**store.me(), **done}


def _identities(
    emails: Sequence[str], profiles: Sequence[str], phones: Sequence[str]
) -> list[Identity]:
    found: list[Identity] = []
    wanted = [(e, email_identity, "an email") for e in emails]
    wanted += [(p, profile_identity, "a profile URL") for p in profiles]
    wanted += [(p, phone_identity, "a phone number") for p in phones]
    for value, make, what in wanted:
        identity = make(value)
        if identity is None:
            raise InvalidValue(f"{value!r} is not {what}")
        found.append(identity)
    return found
