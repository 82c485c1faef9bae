"""Bundled fonts (present, licensed, loadable, covering the game's symbols), the fallback to
pygame's font, and the icon."""

from __future__ import annotations

import logging
import shutil

import numpy as np
import pygame
import pytest

from game.assets import (
    FONT_FILES,
    FONT_STYLES,
    ICON_SIZE,
    Fonts,
    default_font_path,
    font_path,
    fonts_dir,
    icon_path,
    load_font,
    load_icon,
    make_icon,
    missing_glyphs,
    write_icon,
)

# What the game writes on screen besides plain Latin text.
GAME_SYMBOLS = "★ ☆ η μ α x₀ ∂L/∂w → ← − × · ≈ ≤ ≥ ² ✓ ✗ … ’ “ ” Δ θ"


@pytest.fixture(autouse=True)
def fonts_ready():
    pygame.font.init()
    yield


def test_every_style_is_bundled_and_loads():
    for style in FONT_STYLES:
        path = font_path(style)
        assert path.parent == fonts_dir() and path.is_file()
        font = load_font(style, 24)
        width, height = font.size("Downhill η=0.10")
        assert width > 50 and height >= 24


def test_the_three_styles_are_three_different_faces():
    widths = {style: load_font(style, 32).size("iiiiiWWWWW")[0] for style in FONT_STYLES}
    assert len(set(widths.values())) == 3
    mono = load_font("mono", 32)
    assert mono.size("iiiii")[0] == mono.size("WWWWW")[0]  # digits and letters line up
    regular = load_font("regular", 32)
    assert regular.size("iiiii")[0] < regular.size("WWWWW")[0]


def test_licences_sit_beside_the_fonts_and_name_their_copyright_holders():
    folder = fonts_dir()
    inter = (folder / "OFL-Inter.txt").read_text(encoding="utf-8")
    mono = (folder / "OFL-JetBrainsMono.txt").read_text(encoding="utf-8")
    for text, holder in ((inter, "The Inter Project Authors"), (mono, "The JetBrains Mono Project Authors")):
        assert holder in text.splitlines()[0]
        assert "SIL OPEN FONT LICENSE Version 1.1" in text
        assert "PERMISSION & CONDITIONS" in text and "DISCLAIMER" in text
    for _, name in FONT_FILES:
        assert name in (folder / "README.md").read_text(encoding="utf-8")


def test_bundled_fonts_stay_small():
    total = sum(p.stat().st_size for p in fonts_dir().iterdir())
    assert total < 2 * 1024 * 1024


def test_the_text_faces_draw_every_symbol_the_game_uses():
    assert missing_glyphs(GAME_SYMBOLS, "regular") == ""
    assert missing_glyphs(GAME_SYMBOLS, "bold") == ""
    assert missing_glyphs("0123456789.-+e η μ", "mono") == ""


def test_missing_glyphs_names_what_a_face_lacks():
    assert missing_glyphs("a中b中", "regular") == "中"
    assert missing_glyphs("★", "mono") == "★"
    assert missing_glyphs("   ", "regular") == ""


def test_unknown_style_is_one_clear_error():
    with pytest.raises(ValueError, match="unknown font style 'italic'; expected one of regular, bold, mono"):
        font_path("italic")


@pytest.mark.parametrize("size", [0, -3, 2.5, True, 5000])
def test_bad_font_size_is_one_clear_error(size):
    with pytest.raises(ValueError, match="font size"):
        load_font("regular", size)


def test_missing_font_falls_back_to_pygames_font_with_one_line(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="game.assets"):
        path = font_path("bold", folder=tmp_path)
        font = load_font("bold", 20, folder=tmp_path)
    assert path == default_font_path() and path.is_file()
    assert font.size("Downhill")[0] > 0
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and all("\n" not in line for line in lines)
    assert str(tmp_path / "Inter-Bold.otf") in lines[0]


def test_broken_font_file_falls_back_with_one_line(tmp_path, caplog):
    (tmp_path / "Inter-Regular.otf").write_bytes(b"this is not a font")
    with caplog.at_level(logging.WARNING, logger="game.assets"):
        font = load_font("regular", 20, folder=tmp_path)
    assert font.size("Downhill")[0] > 0
    assert len(caplog.records) == 1 and "could not be loaded" in caplog.records[0].getMessage()


def test_fonts_are_loaded_once_per_style_and_size():
    fonts = Fonts()
    assert fonts.get("bold", 30) is fonts.get("bold", 30)
    assert fonts.get("bold", 30) is not fonts.get("bold", 31)
    assert fonts.get("mono", 30) is not fonts.get("bold", 30)


# -- icon -------------------------------------------------------------------------------


def test_shipped_icon_is_the_drawn_icon():
    surface = pygame.image.load(icon_path())
    assert surface.get_size() == (ICON_SIZE, ICON_SIZE)
    shipped = np.dstack([pygame.surfarray.pixels3d(surface).swapaxes(0, 1), pygame.surfarray.pixels_alpha(surface).T])
    drawn = make_icon(ICON_SIZE)
    assert np.max(np.abs(shipped.astype(int) - drawn.astype(int))) <= 1


def test_icon_is_a_rounded_tile_with_a_bright_ball():
    rgba = make_icon(64)
    assert rgba.shape == (64, 64, 4) and rgba.dtype == np.uint8
    assert rgba[0, 0, 3] == 0 and rgba[32, 32, 3] == 255  # transparent corners, solid middle
    red, blue = rgba[..., 0].astype(int), rgba[..., 2].astype(int)
    warm = np.count_nonzero((red > 200) & (red > blue + 80))
    ball_area = np.pi * (0.095 * 64) ** 2
    assert warm > 0.6 * ball_area  # the glowing ball is there, and it is warm
    cyan = np.count_nonzero((rgba[..., 1] > 180) & (blue > 150) & (red < 150))
    assert cyan > 64  # and so is the curve, at least a pixel thick across the tile


def test_icon_loads_and_is_drawn_when_the_png_is_missing(tmp_path, monkeypatch, caplog):
    assert load_icon().get_size() == (ICON_SIZE, ICON_SIZE)
    copy = tmp_path / "assets"
    shutil.copytree(icon_path().parent.parent, copy)
    (copy / "icons" / "downhill.png").unlink()
    monkeypatch.setattr("game.assets.asset_dir", lambda: copy)
    with caplog.at_level(logging.WARNING, logger="game.assets"):
        surface = load_icon()
    assert surface.get_size() == (ICON_SIZE, ICON_SIZE)
    assert len(caplog.records) == 1
    assert write_icon().is_file()


@pytest.mark.parametrize("size", [8, 2048, 64.0])
def test_bad_icon_size_is_one_clear_error(size):
    with pytest.raises(ValueError, match="icon size"):
        make_icon(size)
