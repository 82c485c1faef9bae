"""game.collector: a level's opening collects every cycle and freezes what is left, and the
next opening lets go of what the last froze (no garbage kept from level to level)."""

from __future__ import annotations

import gc
import weakref

from game.collector import collect_between_scenes


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cycle collector frees it


def test_survivors_are_frozen_and_garbage_is_collected():
    try:
        kept = Node()
        dropped = Node()
        gone = weakref.ref(dropped)
        del dropped
        collect_between_scenes()
        assert gone() is None  # the cycle dropped before the opening is collected
        assert gc.get_freeze_count() > 0  # what is left is frozen
        # a frozen object that becomes garbage is collected at the next opening, not kept
        held = weakref.ref(kept)
        del kept
        gc.collect()
        assert held() is not None  # frozen: a collection during play does not look at it
        collect_between_scenes()
        assert held() is None
    finally:
        gc.unfreeze()
