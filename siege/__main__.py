import sys

from siege.cli import main

sys.exit(main())
