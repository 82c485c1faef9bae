"""The "build your network" panel counts with the same function as `downhill params`."""

from __future__ import annotations

import pygame
import pytest

from game.ui.events import Key
from game.ui.params_panel import ParamsPanel


def test_starts_at_the_seed_002_network_and_counts_like_the_cli():
    panel = ParamsPanel()
    assert panel.sizes == [3, 5, 1] and panel.total == 26 and panel.memory == 104
    panel.sizes = [784, 256, 128, 10]
    assert panel.counts == [200_960, 32_896, 1_290] and panel.total == 235_146


def test_keys_resize_add_and_remove_layers_but_keep_inputs_and_outputs():
    panel = ParamsPanel((3, 5, 1))
    panel.on_key(Key(pygame.K_UP))
    assert panel.sizes == [3, 6, 1] and panel.total == 3 * 6 + 6 + 6 * 1 + 1
    panel.on_key(Key(pygame.K_DOWN, mod=pygame.KMOD_SHIFT))
    assert panel.sizes == [3, 1, 1]  # never below one neuron
    panel.on_key(Key(pygame.K_INSERT))
    assert len(panel.sizes) == 4 and panel.picked == 2
    panel.on_key(Key(pygame.K_DELETE))
    assert len(panel.sizes) == 3
    panel.pick(0)
    panel.on_key(Key(pygame.K_DELETE))
    assert len(panel.sizes) == 3  # the input layer stays
    assert not panel.on_key(Key(pygame.K_q))


@pytest.mark.parametrize("count,text", [(104, "104 bytes"), (940_584, "918.5 KiB"), (3 * 2**30, "3.0 GiB")])
def test_memory_words(count, text):
    from game.ui.params_panel import human_bytes

    assert human_bytes(count) == text
