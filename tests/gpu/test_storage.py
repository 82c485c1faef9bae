"""The kernels' shared storage helpers (game/gpu/storage.py): per-copy values, the optimizer's
buffers at their bindings, reads of part of a buffer."""

from __future__ import annotations

import numpy as np
import pytest

from game.gpu import storage

pytestmark = pytest.mark.gpu


def test_per_copy_takes_one_value_or_one_for_every_copy():
    assert storage.per_copy(0.5, 4, "eta").tolist() == [0.5]
    assert storage.per_copy([1, 2, 3, 4], 4, "eta").dtype == np.float32
    with pytest.raises(ValueError, match="eta has 3 values; expected 1 or 4"):
        storage.per_copy([1, 2, 3], 4, "eta")


def test_the_optimizer_state_is_zeroed_and_adams_table_only_for_adam(ctx):
    plain = storage.optimizer_state(ctx, 6, "momentum")
    adam = storage.optimizer_state(ctx, 6, "adam")
    try:
        assert set(plain) == {storage.VELOCITIES, storage.SECOND_MOMENTS}
        assert set(adam) == {storage.VELOCITIES, storage.SECOND_MOMENTS, storage.ADAM_BIAS}
        assert (storage.read(plain[storage.VELOCITIES], np.float32) == 0).all()
        assert storage.read(plain[storage.SECOND_MOMENTS], np.float32).size == 6
        assert storage.optimizer_state(ctx, 0, "momentum")[storage.VELOCITIES].size == 4  # never empty
    finally:
        storage.release_all(plain)
        storage.release_all(adam)
    assert not plain and not adam


def test_read_gives_the_first_values_as_an_array_of_its_own(ctx):
    buffer = ctx.buffer(np.arange(10, dtype=np.int32).tobytes())
    try:
        first = storage.read(buffer, np.int32, 4)
        assert first.tolist() == [0, 1, 2, 3] and first.flags.writeable
        assert storage.read(buffer, np.int32, 0).size == 0
        assert storage.read(buffer, np.int32).tolist() == list(range(10))
    finally:
        buffer.release()
