"""The battle's sounds, made by the program at start-up with numpy (nothing recorded, nothing
downloaded): arquebus and bow volleys, cannon, a fire taking hold, ice breaking, the drums at a
new turn. The battle screen plays the sound of each kind of event its viewer saw.

Without an audio device (or with SDL's dummy driver and no mixer) the game plays silently."""

from __future__ import annotations

import numpy as np

from siege.engine.events import (
    AssaultResolved,
    Event,
    GateBroken,
    HexIgnited,
    IceBroke,
    PhaseBegan,
    TurnBegan,
    VolleyResolved,
    WallBreached,
    WorksDamaged,
)

RATE = 22050
LOUD_WEAPONS = ("cannon", "bombs")


def _envelope(n: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(n) / RATE
    rise = np.clip(t / max(attack, 1e-4), 0.0, 1.0)
    return rise * np.exp(-t / decay)


def _noise(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.uniform(-1.0, 1.0, n)


def _lowpass(x: np.ndarray, k: int) -> np.ndarray:
    """A moving average over `k` samples: a soft, cheap low-pass."""
    kernel = np.ones(k) / k
    return np.convolve(x, kernel, mode="same")


def volley(rng: np.random.Generator) -> np.ndarray:
    """A ragged volley: a dozen sharp cracks spread over half a second."""
    n = int(RATE * 0.8)
    out = np.zeros(n)
    for start in np.sort(rng.uniform(0, 0.45, 14)):
        i = int(start * RATE)
        m = int(RATE * 0.18)
        crack = _noise(rng, m) * _envelope(m, 0.001, 0.03) * rng.uniform(0.4, 1.0)
        out[i : i + m] += crack[: n - i]
    return out


def cannon(rng: np.random.Generator) -> np.ndarray:
    """A deep boom: low-passed noise with a falling 55 Hz thump and a long tail."""
    n = int(RATE * 1.6)
    t = np.arange(n) / RATE
    thump = np.sin(2 * np.pi * (55 - 20 * t) * t) * _envelope(n, 0.004, 0.25)
    rumble = _lowpass(_noise(rng, n), 40) * 6 * _envelope(n, 0.002, 0.5)
    return thump + rumble


def blaze(rng: np.random.Generator) -> np.ndarray:
    """Flames taking hold: a roar swelling and crackling."""
    n = int(RATE * 1.4)
    t = np.arange(n) / RATE
    roar = _lowpass(_noise(rng, n), 25) * 4 * np.sin(np.pi * t / t[-1])
    crackle = np.zeros(n)
    for i in rng.integers(0, n - 200, 40):
        crackle[i : i + 120] += _noise(rng, 120) * _envelope(120, 0.0005, 0.002)
    return roar + 0.6 * crackle


def ice(rng: np.random.Generator) -> np.ndarray:
    """Ice giving way: high snapping chirps, then a low splash."""
    n = int(RATE * 1.2)
    t = np.arange(n) / RATE
    out = np.zeros(n)
    for start in (0.0, 0.12, 0.2, 0.34):
        i = int(start * RATE)
        m = int(RATE * 0.12)
        tt = np.arange(m) / RATE
        chirp = np.sin(2 * np.pi * (3200 - 14000 * tt) * tt) * _envelope(m, 0.0005, 0.03)
        out[i : i + m] += chirp
    splash = _lowpass(_noise(rng, n), 12) * 3 * np.exp(-((t - 0.6) ** 2) / 0.02)
    return out + splash


def drums(rng: np.random.Generator) -> np.ndarray:
    """War drums at the turn: five low beats, the last the loudest."""
    n = int(RATE * 1.8)
    out = np.zeros(n)
    for k, start in enumerate((0.0, 0.3, 0.6, 0.8, 1.0)):
        i = int(start * RATE)
        m = int(RATE * 0.5)
        tt = np.arange(m) / RATE
        beat = np.sin(2 * np.pi * (90 - 40 * tt) * tt) * _envelope(m, 0.003, 0.12)
        beat += _lowpass(_noise(rng, m), 8) * _envelope(m, 0.001, 0.02)
        out[i : i + m] += beat[: n - i] * (0.6 + 0.1 * k)
    return out


SYNTHS = {"volley": volley, "cannon": cannon, "blaze": blaze, "ice": ice, "drums": drums}


def synthesise(seed: int = 1593) -> dict[str, np.ndarray]:
    """Every sound as 16-bit stereo samples at RATE, normalised (the same each run)."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, make in SYNTHS.items():
        wave = make(rng)
        wave = wave / max(1e-9, float(np.abs(wave).max())) * 0.8
        mono = (wave * 32767).astype(np.int16)
        out[name] = np.ascontiguousarray(np.column_stack([mono, mono]))
    return out


def sound_for(event: Event, weapon_kinds: dict[str, str]) -> str | None:
    """The sound an event makes, or None; `weapon_kinds` maps weapon id -> kind."""
    if isinstance(event, VolleyResolved):
        return "cannon" if weapon_kinds.get(event.weapon) in LOUD_WEAPONS else "volley"
    if isinstance(event, (WorksDamaged, GateBroken, WallBreached)):
        return "cannon"
    if isinstance(event, AssaultResolved):
        return "volley"
    if isinstance(event, HexIgnited):
        return "blaze"
    if isinstance(event, IceBroke):
        return "ice"
    if isinstance(event, TurnBegan) or (isinstance(event, PhaseBegan) and event.phase == "command"):
        return "drums"  # a new turn, or a side's turn beginning
    return None


class Sounds:
    """The mixer and the synthesised sounds; `played` keeps what was played (for tests and for
    a player who wonders)."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self.played: list[str] = []
        self._sounds: dict = {}
        self.available = False
        try:
            import pygame

            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE, size=-16, channels=2)
            mixer = pygame.mixer.get_init()
            assert mixer is not None  # initialised just above
            freq, _size, channels = mixer
            for name, samples in synthesise().items():
                if freq != RATE or channels != 2:
                    samples = _resample(samples, freq, channels)
                self._sounds[name] = pygame.sndarray.make_sound(samples)
            self.available = True
        except Exception:  # noqa: BLE001 - no audio device: the game plays silently
            self._sounds = {}

    @property
    def volume(self) -> float:
        return 0.0 if self.settings.mute else max(0, min(100, self.settings.volume)) / 100

    def play(self, name: str) -> bool:
        sound = self._sounds.get(name)
        if sound is None or self.volume <= 0:
            return False
        sound.set_volume(self.volume)
        sound.play()
        self.played.append(name)
        return True

    def play_events(self, events: list[Event], weapon_kinds: dict[str, str]) -> list[str]:
        """One sound of each kind the events make, in the order they first happen (a turn's
        worth of volleys is one volley, not forty)."""
        names = []
        for e in events:
            name = sound_for(e, weapon_kinds)
            if name is not None and name not in names:
                names.append(name)
        return [n for n in names if self.play(n)]


def _resample(samples: np.ndarray, freq: int, channels: int) -> np.ndarray:
    """Fit the samples to a mixer opened at another rate or channel count."""
    n = int(len(samples) * freq / RATE)
    index = np.minimum((np.arange(n) * RATE / freq).astype(int), len(samples) - 1)
    mono = samples[index, 0]
    return np.ascontiguousarray(np.column_stack([mono] * channels)) if channels > 1 else mono
