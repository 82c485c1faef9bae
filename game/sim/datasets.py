"""Data sets shipped with the game (assets/data/, each with its licence and source beside it),
read into game.sim.classify.Points. Found through game.resources, never the working directory.

  digits   the 8x8 UCI optical recognition of handwritten digits (1,797 images, pixels 0..16,
           scaled here to 0..1), CC BY 4.0: assets/data/digits/README.md
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

import numpy as np

from game.resources import asset_dir
from game.sim.classify import Points

DIGITS_FILE = Path("data") / "digits" / "digits.csv.gz"
DIGIT_SIDE = 8
DIGIT_MAX = 16.0


class DatasetError(ValueError):
    """A data file that cannot be read; str() is one line naming the file and what is wrong."""


def parse_digits(text: str, where: str = "digits") -> Points:
    """Rows of 64 pixel counts (0..16) then the digit, comma-separated."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split(",")
        if len(fields) != DIGIT_SIDE * DIGIT_SIDE + 1:
            raise DatasetError(f"{where}:{number}: expected 65 comma-separated numbers, got {len(fields)}")
        try:
            values = [int(float(field)) for field in fields]
        except ValueError:
            raise DatasetError(f"{where}:{number}: not a number in {line[:40]!r}") from None
        if not 0 <= values[-1] <= 9 or min(values[:-1]) < 0 or max(values[:-1]) > DIGIT_MAX:
            raise DatasetError(f"{where}:{number}: pixels must lie in 0..16 and the digit in 0..9")
        rows.append(values)
    if not rows:
        raise DatasetError(f"{where}: no digits in the file")
    data = np.asarray(rows, dtype=np.float64)
    return Points(data[:, :-1] / DIGIT_MAX, data[:, -1].astype(np.int64), tuple(str(d) for d in range(10)))


def digits_path() -> Path:
    return asset_dir() / DIGITS_FILE


@lru_cache(maxsize=1)
def load_digits() -> Points:
    path = digits_path()
    try:
        text = gzip.decompress(path.read_bytes()).decode("ascii")
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise DatasetError(f"{path}: cannot read the digits ({' '.join(str(error).split())})") from None
    return parse_digits(text, str(path))
