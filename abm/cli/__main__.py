"""``python -m abm.cli``: the ``talentgap`` command."""

import sys

from abm.cli.main import main

sys.exit(main())
