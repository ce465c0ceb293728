"""`python -m macros.cli` runs `reproduce`."""

import sys

from macros.cli.main import main

sys.exit(main())
