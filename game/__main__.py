"""`python -m game` does the same as the `downhill` command."""

import sys

from game.cli import main

sys.exit(main())
