"""Siege: a tactical wargame of the Siege of Pyongyang, February 1593."""

__version__ = "0.1.0"
