"""`python -m kpi.exchange …` (kpi.exchange.cli)."""

import sys

from kpi.exchange.cli import main

sys.exit(main())
