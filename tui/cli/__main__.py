"""``python -m tui.cli``: the ``drillsim`` command line."""

import sys

from tui.cli import main

sys.exit(main())
