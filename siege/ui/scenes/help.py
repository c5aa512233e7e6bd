"""F1: the controls and a summary of the rules."""

from __future__ import annotations

import pygame
import pygame_gui

from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.scenes.base import Next, Pop, Quit, Scene, then
from siege.ui.scenes.dialogs import dim_screen

HELP_HTML = """<b><font color='#e8c88a'>Controls</font></b><br>
<b>Left click</b> a counter of yours to select it; click again to cycle through a stack.<br>
<b>Movement phase</b>: the blue hexes are within reach; hover one to see the path and its cost,
click to march there. Ctrl+click a hex with your own units in it to join them; Ctrl+click your
boats' hex (in it or next to it) to go aboard, and click a shore hex next to the boats to land.<br>
<b>Fire phase</b>: hover an enemy in range (red outline) to see the odds — expected hits, every
modifier, the target's chance to break — and click to fire. Guns: hover near a wall or gate edge to
bombard it.<br>
<b>Assault phase</b>: select a unit next to the enemy, shift+click more of your adjacent units to
attack together, hover the enemy hex for the chances (taken / held / repulsed), click to
assault.<br>
<b>Command phase</b>: rally shaken units (R) and use a leader's ability (buttons in the side
panel).<br>
<b>O</b> the objectives and how the battle is scored, <b>L</b> the list of your units (click one
to find it), <b>N</b> the tutorial's next step.<br>
<b>E</b> end phase, <b>T</b> end turn, <b>U</b> or <b>Ctrl+Z</b> undo (until dice are rolled or
the enemy is seen), <b>Ctrl+S</b> save, <b>Tab</b> next unit ready to act, <b>F</b> centre on the
selection, <b>Esc</b> deselect / game menu, <b>F1</b> this help, <b>F5</b> reload the scenario file
(for authors: see your edits without restarting).<br>
<b>Map</b>: drag with any mouse button, arrow keys or WASD, or push the mouse against the screen
edge to scroll; the wheel or +/- zooms, <b>Home</b> shows the whole map; click the minimap to
jump.<br>
<b>Space</b> or a click skips the computer's animation.<br><br>
<b><font color='#e8c88a'>The rules in brief</font></b><br>
A turn is two player-turns, each in four phases: command, movement, fire, assault. Turns are an
hour by day and two or three hours by night.<br>
<b>Movement</b> costs movement points by terrain; roads are cheaper. Entering a hex beside the
enemy ends the move (zone of control). Walls can only be passed by open or broken gates and
breaches. The frozen river can be crossed while the ice is thick enough — but crowded, panicked
or night crossings may break it, and men on broken ice drown.<br>
<b>Fire</b>: expected hits = firers × lethality × modifiers (range, cover, walls and loopholes,
crowding, night, morale, quality, height); 2d6 scale the result, 7 being as expected. Guns batter
gates and walls until they break or breach. Fire arrows and bombs may set the city alight; fire
spreads with the wind.<br>
<b>Assault</b>: attack against defence across the hex edges; ladders (escalade) count for much
less than a breach or a broken gate. Losses and morale checks follow.<br>
<b>Morale</b>: steady, shaken, wavering, routed. Heavy losses force a check on 2d6; leaders nearby
help; routed units flee at the end of their side's turn and may be cut down.<br>
<b>Fog of war</b>: you see what your units can see — far by day, little at night except by the
light of fires. Faded counters marked T<i>n</i> show where an enemy was last seen.<br>
<b>Victory</b>: objectives held at the end and the losses inflicted and suffered, as the scenario
scores them; the margin decides a marginal or decisive victory."""


class Help(Scene):
    opaque = False

    def __init__(self, app) -> None:
        super().__init__(app)
        w, h = app.size
        self.box = pygame.Rect(0, 0, min(900, w - 80), min(680, h - 60))
        self.box.center = (w // 2, h // 2)
        self.text = pygame_gui.elements.UITextBox(
            HELP_HTML,
            pygame.Rect(self.box.x + 16, self.box.y + 56, self.box.w - 32, self.box.h - 110),
            self.ui,
            object_id="#help_text",
        )
        self.close = pygame_gui.elements.UIButton(
            pygame.Rect(self.box.right - 136, self.box.bottom - 46, 120, 34),
            "Close",
            self.ui,
            object_id="#primary",
        )

    def handle_ui(self, event, consumed) -> Next:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.close:
            return Pop()
        return None

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_F1):
            return Pop()
        return None

    def on_quit_request(self) -> Next:
        """Closed over a scene: that scene answers the close button (it may ask first)."""
        beneath = self.app.stack[-2] if len(self.app.stack) > 1 else None
        return then(Pop(), beneath.on_quit_request() if beneath is not None else Quit(0))

    def draw(self, screen) -> None:
        dim_screen(screen, 170)
        pygame.draw.rect(screen, P.UI_PANEL, self.box, border_radius=6)
        pygame.draw.rect(screen, P.UI_ACCENT, self.box, 2, border_radius=6)
        t = fonts.title(28).render("Help — controls and rules", True, P.UI_ACCENT)
        screen.blit(t, (self.box.x + 18, self.box.y + 12))
