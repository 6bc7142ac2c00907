"""The pure engine: functions over a read-only snapshot, `now` passed in."""

from kith.engine.agenda import agenda
from kith.engine.stage import infer_stage

__all__ = ["agenda", "infer_stage"]
