"""Network training throughput, NumPy vs the GLSL kernel (same as `downhill bench nets`)."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", "nets", *sys.argv[1:]]))
