"""The learning-rate lab's many-copies training, NumPy vs the GLSL kernel (same as `downhill bench lr`)."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", "lr", *sys.argv[1:]]))
