"""The import's limits, declared once: every file is rejected or read within these bounds, whatever
it claims about itself (README "Limits and recovery" states them; tests/test_hostile.py holds them)."""

from __future__ import annotations

MAX_UPLOAD_MB = 10  # per uploaded file; .streamlit/config.toml's server.maxUploadSize is the same number
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UNPACKED_BYTES = 80 * 1024 * 1024  # an .xlsx or .zip unpacked (zip bombs): counted while decompressing
MAX_ROWS = 50_000  # per sheet
MAX_COLUMNS = 64  # cells read per row: a sheet's columns past this are never materialised
MAX_CELLS = 1_000_000  # cells read from one file (rows × their used columns), whatever its rows hold
HEADER_SEARCH_ROWS = 10  # the header row is the first of these rows that holds the sheet's headers
MAX_TEXT_CHARS = 20_000  # one cell's text
MAX_NAME_CHARS = 40  # a city name (it becomes part of a file name)
MAX_LABEL_CHARS = 200  # a program or indicator name, a report title

# Plausible values: a report or indicator year outside FY_RANGE is refused (located bad_fy), so every
# accepted year has a Japanese era (kpi.fmt.ERAS) and a place on the charts.
FY_RANGE = (1989, 2100)  # 平成元年度 to 2100
MAX_ABS_KYEN = 10**12  # 千円: 1,000兆円, far above any municipal budget line
MAX_ABS_INDICATOR = 10**12  # an indicator's target or actual

# Budgets the tests hold any single import to (tests/test_hostile.py, in a subprocess).
BUDGET_SECONDS = 20
BUDGET_RSS_MB = 400
