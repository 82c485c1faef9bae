"""The class server under load (same as `downhill bench class`): verified runs/s and p50/p99
submit->dashboard latency at 40 and 1,000 connected clients, on loopback."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", "class", *sys.argv[1:]]))
