"""Classifier training, GLSL kernel vs NumPy float32 (same as `downhill bench classify`):
samples x epochs per second for a 1,024-copy eta sweep on the ring and for one digits net.
Pass --quick for smaller sizes."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", "classify", *sys.argv[1:]]))
