"""``python -m plazo.interpreter.cli``: the `plazo` command."""

import sys

from plazo.interpreter.cli.main import main

sys.exit(main())
