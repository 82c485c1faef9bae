"""A stand-in game for the watchdog tests: beats like the real frame loop, through the same
game.kiosk.heartbeat client, and then does what the test asks.

    python child.py beat        beat until killed
    python child.py exit        beat a few times, then exit with code 3
    python child.py staff       beat, send the staff-exit byte, exit 0
    python child.py silent      never beat (a game that hangs while starting)
"""

import sys
import time

from game.kiosk.heartbeat import Heartbeat

mode = sys.argv[1]
heart = Heartbeat.from_environment()
if mode == "silent":
    time.sleep(3600)
for frame in range(10**9):
    heart.beat()
    time.sleep(0.02)
    if mode == "exit" and frame == 10:
        sys.exit(3)
    if mode == "staff" and frame == 10:
        heart.staff_exit()
        sys.exit(0)
