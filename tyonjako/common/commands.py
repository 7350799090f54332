"""Exit codes of the project's commands (docs/security.md, "Bad input").

0: done. 1: the command ran and found a problem in the data (an import with bad
rows, a broken audit chain). 2: bad arguments — an unknown option, a malformed
date or key, a missing file — always with a message and never a traceback.
"""

from __future__ import annotations

from typing import Final

BAD_ARGUMENTS: Final = 2
DATA_PROBLEM: Final = 1
