"""game.gpu.context.software_raster_threads: llvmpipe gets two drawing threads per CPU (at most
its own limit) unless LP_NUM_THREADS is set already."""

from game.gpu import context


def test_two_threads_per_cpu_when_unset(monkeypatch):
    monkeypatch.delenv("LP_NUM_THREADS", raising=False)
    monkeypatch.setattr(context.os, "cpu_count", lambda: 3)
    context.software_raster_threads()
    assert context.os.environ["LP_NUM_THREADS"] == "6"


def test_capped_at_llvmpipes_limit(monkeypatch):
    monkeypatch.delenv("LP_NUM_THREADS", raising=False)
    monkeypatch.setattr(context.os, "cpu_count", lambda: 64)
    context.software_raster_threads()
    assert context.os.environ["LP_NUM_THREADS"] == str(context.SOFTWARE_THREADS_MAX)


def test_unknown_cpu_count_still_gives_threads(monkeypatch):
    monkeypatch.delenv("LP_NUM_THREADS", raising=False)
    monkeypatch.setattr(context.os, "cpu_count", lambda: None)
    context.software_raster_threads()
    assert context.os.environ["LP_NUM_THREADS"] == "2"


def test_a_users_own_setting_wins(monkeypatch):
    monkeypatch.setenv("LP_NUM_THREADS", "1")
    context.software_raster_threads()
    assert context.os.environ["LP_NUM_THREADS"] == "1"
