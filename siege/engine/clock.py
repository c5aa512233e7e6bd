"""The calendar: what time a turn is, whether it is night, and how long the turn lasts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from siege.scenario.schema import Calendar


@dataclass(frozen=True)
class Clock:
    start: datetime
    end: datetime
    day_minutes: int
    night_minutes: int
    sunrise: tuple[int, int]
    sunset: tuple[int, int]
    # minutes -> night or not: asked thousands of times a turn (sight, movement, the AI)
    _nights: dict[int, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_calendar(cls, cal: Calendar) -> Clock:
        def hm(text: str) -> tuple[int, int]:
            h, m = text.split(":")
            return int(h), int(m)

        return cls(
            datetime.fromisoformat(cal.start),
            datetime.fromisoformat(cal.end),
            cal.day_turn_minutes,
            cal.night_turn_minutes,
            hm(cal.sunrise),
            hm(cal.sunset),
        )

    def time(self, minutes: int) -> datetime:
        return self.start + timedelta(minutes=minutes)

    def is_night(self, minutes: int) -> bool:
        night = self._nights.get(minutes)
        if night is None:
            t = self.time(minutes)
            night = self._nights[minutes] = not (self.sunrise <= (t.hour, t.minute) < self.sunset)
        return night

    def turn_length(self, minutes: int) -> int:
        """A night turn is cut short at sunrise, so day turns start on the hour of dawn."""
        if not self.is_night(minutes):
            return self.day_minutes
        t = self.time(minutes)
        dawn = t.replace(hour=self.sunrise[0], minute=self.sunrise[1])
        if dawn <= t:
            dawn += timedelta(days=1)
        to_dawn = int((dawn - t).total_seconds() // 60)
        return min(self.night_minutes, to_dawn) if to_dawn > 0 else self.night_minutes

    def finished(self, minutes: int) -> bool:
        return self.time(minutes) >= self.end

    def last_turn(self) -> int:
        """How many turns the battle lasts if nobody wins early."""
        minutes, turns = 0, 0
        while not self.finished(minutes):
            minutes += self.turn_length(minutes)
            turns += 1
        return turns

    def label(self, minutes: int) -> str:
        return self.time(minutes).strftime("%d %b %Y %H:%M").lstrip("0")
