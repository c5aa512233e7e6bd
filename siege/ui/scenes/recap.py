"""After the computer's turn, as after a hot-seat handover: what your men saw of it, the losses
on both sides that turn (your own exactly, the enemy's as far as your men saw them fall), and a
button to replay it on the map. Built from the viewer's seat: its own losses and its own log."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pygame
import pygame_gui

from siege.engine.events import (
    AssaultResolved,
    CasualtiesTaken,
    Event,
    GateBroken,
    HexIgnited,
    IceBroke,
    LeaderHit,
    ObjectiveTaken,
    UnitEliminated,
    UnitEntered,
    UnitMoved,
    VolleyResolved,
    WallBreached,
)
from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.scenes.base import Next, Pop, Scene, then
from siege.ui.scenes.battle.animator import ANIMATED
from siege.ui.scenes.dialogs import dim_screen

NOTABLE = (
    GateBroken,
    WallBreached,
    LeaderHit,
    ObjectiveTaken,
    IceBroke,
    UnitEliminated,
    HexIgnited,
)
CAUSES = ("killed", "wounded", "burned", "drowned", "captured")


@dataclass(frozen=True)
class Seen:
    """One event the viewer saw, in the shape the battle's replay queue takes."""

    event: Event


@dataclass
class TurnRecap:
    side: str  # whose turn it was
    turn: int
    events: list[Event]
    own_losses: dict[str, int] = field(default_factory=dict)  # exact, by cause
    enemy_losses_seen: dict[str, int] = field(default_factory=dict)

    @property
    def replayable(self) -> list[Seen]:
        return [Seen(e) for e in self.events if isinstance(e, ANIMATED)]

    @property
    def notable(self) -> list[Event]:
        return [e for e in self.events if isinstance(e, NOTABLE)]

    def count(self, kind) -> int:
        return sum(1 for e in self.events if isinstance(e, kind))


def make_recap(
    seat, side: str, turn: int, events: list[Event], losses_before: dict[str, int]
) -> TurnRecap:
    """The recap of `side`'s turn for the viewer's `seat`, from the events it saw since and its
    own losses before it began."""
    now = seat.losses()
    own = {c: now.get(c, 0) - losses_before.get(c, 0) for c in CAUSES}
    enemy: dict[str, int] = {c: 0 for c in CAUSES}
    for e in events:
        if isinstance(e, CasualtiesTaken) and not seat.owns(e.unit):
            for c in CAUSES:
                enemy[c] += getattr(e, c)
    return TurnRecap(
        side,
        turn,
        list(events),
        {c: n for c, n in own.items() if n},
        {c: n for c, n in enemy.items() if n},
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else ("es" if word.endswith("ch") else "s"))


def losses_words(losses: dict[str, int]) -> str:
    total = sum(losses.values())
    if not total:
        return "none"
    return f"{total:,} (" + ", ".join(f"{n:,} {c}" for c, n in losses.items()) + ")"


class Recap(Scene):
    opaque = False

    def __init__(self, app, battle, recap: TurnRecap) -> None:
        super().__init__(app)
        self.battle = battle
        self.recap = recap
        w, h = app.size
        self.box = pygame.Rect(0, 0, min(640, w - 80), 380)
        self.box.center = (battle.map_rect.centerx, h // 2)
        session = battle.session
        self.title = f"{session.side_name(recap.side)}: turn {recap.turn}"
        self.lines = self._lines()
        self.html = "<br>".join(self.lines)
        self.text = pygame_gui.elements.UITextBox(
            self.html,
            pygame.Rect(self.box.x + 16, self.box.y + 50, self.box.w - 32, self.box.h - 50 - 64),
            self.ui,
            object_id="#log",
        )
        bw = (self.box.w - 40) // 2
        self.ok = pygame_gui.elements.UIButton(
            pygame.Rect(self.box.right - 16 - bw, self.box.bottom - 50, bw, 36),
            "Your turn",
            self.ui,
            object_id="#primary",
        )
        self.replay = None
        if recap.replayable:
            self.replay = pygame_gui.elements.UIButton(
                pygame.Rect(self.box.x + 16, self.box.bottom - 50, bw, 36),
                f"Replay what we saw ({len(recap.replayable)})",
                self.ui,
                tool_tip_text="the enemy's moves, volleys and assaults your men could see",
            )

    def _lines(self) -> list[str]:
        r = self.recap
        out = [
            f"<b>Our losses:</b> {losses_words(r.own_losses)}",
            f"<b>Enemy losses our men saw:</b> {losses_words(r.enemy_losses_seen)}",
            "Seen: "
            + ", ".join(
                _plural(r.count(kind), word)
                for kind, word in (
                    (UnitMoved, "march"),
                    (VolleyResolved, "volley"),
                    (AssaultResolved, "assault"),
                )
            )
            + (f", {_plural(arrived, 'arrival')}" if (arrived := r.count(UnitEntered)) else "")
            + ".",
        ]
        if r.notable:
            out.append("<br><b><font color='#e8c88a'>Key moments</font></b>")
            out += [f"<font color='#f0a070'>{html.escape(e.text)}</font>" for e in r.notable[:8]]
            if len(r.notable) > 8:
                out.append(f"… and {len(r.notable) - 8} more in the log")
        if not r.events:
            out.append("<i>Your men saw nothing of the enemy this turn.</i>")
        return out

    def handle_ui(self, event, consumed) -> Next:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return None
        if event.ui_element is self.ok:
            return Pop()
        if event.ui_element is self.replay:
            self.battle.start_replay(self.recap.replayable)
            return Pop()
        return None

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_ESCAPE):
                return Pop()
            if event.key == pygame.K_r and self.replay is not None:
                self.battle.start_replay(self.recap.replayable)
                return Pop()
        return None

    def on_quit_request(self) -> Next:
        return then(Pop(), self.battle.on_quit_request())

    def draw(self, screen) -> None:
        dim_screen(screen, 100)
        pygame.draw.rect(screen, P.UI_PANEL, self.box, border_radius=6)
        pygame.draw.rect(screen, P.UI_ACCENT, self.box, 2, border_radius=6)
        t = fonts.title(24).render(self.title, True, P.UI_ACCENT)
        screen.blit(t, (self.box.x + 16, self.box.y + 12))
