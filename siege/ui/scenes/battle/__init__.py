"""The battle screen, in parts a newcomer can find:

- scene.py     the Battle scene: selection, orders, the flow of turns, drawing put together
- input.py     mouse and keys turned into selections and orders
- animator.py  events played as marches, volleys, clashes and flames
- topbar.py    the hour, wind, turn, phase, side and score; the turn buttons
- card.py      the selected unit (or the side at a glance) in the side panel
- log.py       the battle log and the status line along the map's foot
- minimap.py   the whole field in small, click to go there
- tooltips.py  odds previews and hex details under the mouse
The camera's arithmetic is siege/ui/camera.py, the map's drawing siege/ui/render/board.py.
"""

from siege.ui.scenes.battle.scene import Battle

__all__ = ["Battle"]
