"""GPU compute kernels against NumPy float32 (same as `downhill bench gpu`): ball-steps/s of
1M balls x 200 momentum steps on the wavy curve, and a 512x512 fate map on each backend.
Pass --quick for smaller sizes."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", "gpu", *sys.argv[1:]]))
