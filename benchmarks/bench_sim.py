"""NumPy reference throughput (same as `downhill bench sim`)."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", "sim", *sys.argv[1:]]))
