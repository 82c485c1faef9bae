"""Python's cycle collector kept out of the frames.

Most of the game's garbage is freed at once by reference counting; the cycle collector is for
what refers to itself. Its young generations are cheap (under a millisecond), but a full pass
looks at every object the process holds -- some 37 000 once a level is open (fonts, catalogs,
levels, the scene and its views) -- and took 19 ms in the middle of Paris's training: a frame
and more. So when a level opens (a moment that already takes a while), everything is
collected at once and what is left is frozen (gc.freeze): the rare full passes during play
then look only at what the level made since. The next level's opening unfreezes first, so
nothing frozen outlives its level as uncollected garbage."""

from __future__ import annotations

import gc


def collect_between_scenes() -> None:
    """Collect every cycle now and freeze the survivors (see the module's text)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
