"""Fonts shipped in assets/fonts (DejaVu Sans Condensed for text, EB Garamond for titles)."""

from __future__ import annotations

import pygame

from siege.ui import paths

_cache: dict[tuple[str, int], pygame.font.Font] = {}


def _font(path, size: int) -> pygame.font.Font:
    key = (str(path), size)
    font = _cache.get(key)
    if font is None:
        if not pygame.font.get_init():
            pygame.font.init()
        font = _cache[key] = pygame.font.Font(str(path), size)
    return font


def ui(size: int = 14) -> pygame.font.Font:
    return _font(paths.UI_FONT, size)


def bold(size: int = 14) -> pygame.font.Font:
    return _font(paths.UI_FONT_BOLD, size)


def italic(size: int = 14) -> pygame.font.Font:
    return _font(paths.UI_FONT_ITALIC, size)


def title(size: int = 32) -> pygame.font.Font:
    return _font(paths.TITLE_FONT, size)


def label(size: int = 18) -> pygame.font.Font:
    return _font(paths.TITLE_FONT_ITALIC, size)


def halo_text(font: pygame.font.Font, text: str, colour, halo, width: int = 2) -> pygame.Surface:
    """Text with a soft paper halo, the way map labels sit on an engraved map."""
    base = font.render(text, True, colour)
    back = font.render(text, True, halo)
    out = pygame.Surface(
        (base.get_width() + 2 * width, base.get_height() + 2 * width), pygame.SRCALPHA
    )
    for dx in range(-width, width + 1):
        for dy in range(-width, width + 1):
            if dx * dx + dy * dy <= width * width:
                out.blit(back, (width + dx, width + dy))
    out.blit(base, (width, width))
    return out


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Break `text` into lines no wider than `width` pixels, at spaces (a word longer than the
    width gets a line of its own)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and font.size(trial)[0] > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]
