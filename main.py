"""Siege — run `python main.py --help` for the commands."""

import sys

from siege.cli import main

if __name__ == "__main__":
    sys.exit(main())
