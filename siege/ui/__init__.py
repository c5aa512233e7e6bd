"""The game window: pygame-ce and pygame_gui. The only package that imports pygame.

Scenes (main menu, battle, handover, end report, help) sit on a stack run by `app.App`; the
battle screen draws a cached ink-map of the scenario and submits orders through `Game` like
any other player. Nothing here changes the game state except by orders.
"""

import os as _os

_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
