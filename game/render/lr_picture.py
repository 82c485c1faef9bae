"""The LR finder's curve as a picture for `downhill lr-find --out FILE.png`: loss against eta on
log-log axes, exploded copies marked along the top, the steepest-descent point marked. A pygame
Surface; no display needed."""

from __future__ import annotations

import math

import numpy as np

from game.i18n import _, number
from game.render import theme
from game.render.heatmap import _font, picture_colors


def _decades(lo: float, hi: float) -> list[float]:
    return [10.0**k for k in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
            if lo * (1 - 1e-9) <= 10.0**k <= hi * (1 + 1e-9)]


def _power(value: float) -> str:
    k = round(math.log10(value))
    return "1" if k == 0 else ("10" if k == 1 else f"1e{k}")


def draw_finder_picture(result, title: str, subtitle: str = "", size=(900, 520)):
    import pygame

    title_font, text_font, small_font = _font(22, bold=True), _font(16), _font(14)
    width, height = size
    left, top, right, bottom = 90, 84 if subtitle else 60, 30, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    surface = pygame.Surface(size)
    colors = picture_colors()  # the current look: high contrast and the colour-safe palette apply
    background, ink, ink_dim, frame = colors["background"], colors["ink"], colors["ink_dim"], colors["frame"]
    curve, exploded, suggested = theme.byte_rgb(theme.BLUE), theme.byte_rgb(theme.ORANGE), theme.byte_rgb(theme.YELLOW)
    surface.fill(background)
    title_font.render_to(surface, (left, 18), title, ink)
    if subtitle:
        text_font.render_to(surface, (left, 50), subtitle, ink_dim)

    etas = np.asarray(result.etas, float)
    losses = np.asarray(result.losses, float)
    finite = np.isfinite(losses) & (losses > 0)
    x_lo, x_hi = math.log10(etas[0]), math.log10(etas[-1])
    shown = losses[finite] if finite.any() else np.array([1.0])
    y_lo = math.floor(math.log10(shown.min()))
    y_hi = math.ceil(math.log10(max(shown.max(), result.start_loss)))
    if y_hi <= y_lo:
        y_hi = y_lo + 1

    def px(eta, loss):
        return (left + (math.log10(eta) - x_lo) / (x_hi - x_lo) * plot_w,
                top + (y_hi - math.log10(loss)) / (y_hi - y_lo) * plot_h)

    pygame.draw.rect(surface, frame, (left - 1, top - 1, plot_w + 2, plot_h + 2), 1)
    for value in _decades(etas[0], etas[-1]):
        x, _y = px(value, 10.0**y_hi)
        pygame.draw.line(surface, frame, (x, top + plot_h), (x, top + plot_h + 6))
        label = _power(value)
        small_font.render_to(surface, (x - small_font.get_rect(label).width / 2, top + plot_h + 12), label, ink_dim)
    for k in range(y_lo, y_hi + 1):
        _x, y = px(etas[0], 10.0**k)
        pygame.draw.line(surface, frame, (left - 6, y), (left, y))
        label = _power(10.0**k)
        rect = small_font.get_rect(label)
        small_font.render_to(surface, (left - 10 - rect.width, y - rect.height / 2), label, ink_dim)
    x_label = _("learning rate η (log scale)")
    text_font.render_to(surface, (left + (plot_w - text_font.get_rect(x_label).width) / 2, top + plot_h + 40),
                        x_label, ink)
    y_label = pygame.transform.rotate(text_font.render(_("loss after the trial (log scale)"), ink)[0], 90)
    surface.blit(y_label, (14, top + (plot_h - y_label.get_height()) // 2))

    points = [px(e, v) for e, v in zip(etas[finite], losses[finite])]
    if len(points) >= 2:
        pygame.draw.lines(surface, curve, False, points, 3)
    for e, ok in zip(etas, finite):
        if not ok:
            x, _y = px(e, 10.0**y_hi)
            pygame.draw.line(surface, exploded, (x - 4, top + 4), (x + 4, top + 12), 2)
            pygame.draw.line(surface, exploded, (x + 4, top + 4), (x - 4, top + 12), 2)
    if result.suggested is not None:
        x, y = px(result.suggested_eta, losses[result.suggested])
        pygame.draw.line(surface, suggested, (x, top), (x, top + plot_h), 1)
        pygame.draw.circle(surface, suggested, (x, y), 7, 2)
        label = _("steepest: η = {eta}").format(eta=number(result.suggested_eta, ".3g"))
        rect = text_font.get_rect(label)
        lx = min(x + 10, left + plot_w - rect.width - 6)
        text_font.render_to(surface, (lx, top + plot_h - 30), label, suggested)
    return surface
