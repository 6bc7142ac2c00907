"""Where a relationship stands, inferred from evidence unless the user said so.

The foundation infers the first steps of the journey (PRODUCT.md): `new` (known,
nothing exchanged), `engaged` (only asynchronous touches or engagement),
`connected` (a synchronous conversation happened). Later stages come from the
user (`kith stage`) and, in the full engine, from planned purposes.
"""

from __future__ import annotations

from kith.models import PersonState


def infer_stage(person: PersonState) -> str:
    if person.stage != "new":
        return person.stage
    if person.sync_count > 0:
        return "connected"
    if person.touch_count > 0 or person.engagements:
        return "engaged"
    return "new"
