"""The computer opponent: reads one side's view, returns orders through the same Game API."""

from siege.ai.commander import DIFFICULTIES, Commander

__all__ = ["Commander", "DIFFICULTIES"]
