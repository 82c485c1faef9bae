"""Every measurement suite (same as `downhill bench`)."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
