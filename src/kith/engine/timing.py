"""Time rules of the agenda: business days, the polite wait, local dates.

From RESEARCH.md (Kooti et al. 2015): most replies come within a day and the
median is about 47 minutes, so no nudge before max(one business day, 3 × that
person's median reply time on that channel); the second nudge waits twice that.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

ONE_BUSINESS_DAY = 1
LATENCY_MULTIPLIER = 3


def local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def add_business_days(moment: datetime, days: int, tz: tzinfo) -> datetime:
    """Move forward by business days (Monday to Friday) in the user's zone."""
    local = moment.astimezone(tz)
    while local.weekday() >= 5:  # a message sent at the weekend starts the clock on Monday
        local = (local + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    remaining = days
    while remaining > 0:
        local += timedelta(days=1)
        if local.weekday() < 5:
            remaining -= 1
    return local


def polite_wait_until(
    sent: datetime, median_reply_s: float | None, tz: tzinfo, factor: int = 1
) -> datetime:
    """When a nudge stops being pushy: `factor` polite waits after `sent`."""
    business = add_business_days(sent, factor * ONE_BUSINESS_DAY, tz)
    learned = sent + timedelta(seconds=factor * LATENCY_MULTIPLIER * (median_reply_s or 0))
    return max(business, learned)


def days_between(earlier: datetime, later: datetime) -> float:
    return (later - earlier).total_seconds() / 86400


def short_date(value: date, today: date) -> str:
    """`12 Mar`, or `12 Mar 2024` when not this year — dates people read."""
    return f"{value.day} {value:%b}" + ("" if value.year == today.year else f" {value.year}")
