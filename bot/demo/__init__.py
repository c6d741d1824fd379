"""The demo sub-district that `gridbot demo` seeds: a plain roster in the format people import.

`roster.csv` (UTF-8) lists 25 people of 城关街道 covering every roster role of DOMAIN.md; `网格.csv` beside it is
the optional 网格 file (households and population per grid), which `domain.roster_io.read_roster` picks up as a
sibling. Both are imported with `services.roster_import.import_roster`, exactly like an administrator's own file, so
the demo also shows what a real roster looks like. Edit them in any spreadsheet program and save as UTF-8 CSV.
"""

from pathlib import Path

DEMO_DIR = Path(__file__).parent
DEMO_ROSTER = DEMO_DIR / "roster.csv"

__all__ = ["DEMO_DIR", "DEMO_ROSTER"]
