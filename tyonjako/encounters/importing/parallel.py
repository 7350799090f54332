"""Reading, normalising and planning an export in a second process while the caller writes.

Parsing is pure Python and costs about as much per row as writing does, so on
a machine with two or more cores a big import does both at once. A child
Python process (``python -m tyonjako.encounters.importing.parallel``) runs
:class:`~.rows.ImportRun` and writes the items to its standard output as a
stream of pickles, a chunk at a time; :class:`ProcessImportRun` reads them and
hands them out exactly as ``ImportRun`` would: the same items in the same
order, the same ``header_errors`` and ``progress()``. Given a
:class:`~.plan.Planner`, the child also resolves each good row's names to ids
and sends its plan (a plain tuple, which is also quicker to unpickle than a
row) instead of the row; a row it cannot plan comes as the row.

Why a plain subprocess and not ``multiprocessing``: forking a process that
holds database connections and threads (the upload page imports in a thread)
is not safe, and ``multiprocessing``'s spawn re-runs the caller's main script.
The pipe is the flow control: when the writer falls behind, the child blocks
on a full pipe, so memory stays flat. When the caller dies the pipe breaks and
the child ends. The child touches no database.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Generator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from .errors import RowError
from .plan import Plan, Planner
from .profiles import Profile
from .rows import ImportContext, ImportRun, NormalisedRow

logger = logging.getLogger(__name__)
CHUNK_ROWS = 2000
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])


class ParseProcessError(RuntimeError):
    """The parsing process failed; the message says how."""


Job = tuple[str, ImportContext, Profile | None, str | None, Planner | None]
Item = tuple[int, "NormalisedRow | Plan | list[RowError]"]


def produce(job: Job, out: IO[bytes]) -> None:
    """Run the reading side of an import and write its items to ``out`` in chunks."""
    path, ctx, profile, sheet, planner = job
    try:
        run = ImportRun(path, ctx, profile=profile, sheet=sheet)
        chunk: list[Item] = []
        for line, found in run:
            planned = (
                planner.plan(found)
                if planner is not None and isinstance(found, NormalisedRow)
                else None
            )
            chunk.append((line, found if planned is None else planned))
            if len(chunk) >= CHUNK_ROWS:
                pickle.dump(("items", chunk, run.progress(), run.header_errors), out, protocol=5)
                chunk = []
        pickle.dump(("items", chunk, run.progress(), run.header_errors), out, protocol=5)
        pickle.dump(("done", peak_memory_kb()), out, protocol=5)
    except BrokenPipeError:
        return  # the caller is gone: nobody reads any more
    except Exception:  # everything else goes back to the caller
        pickle.dump(("failed", traceback.format_exc()), out, protocol=5)
    out.flush()


def peak_memory_kb() -> int | None:
    """This process's peak resident memory since it started its program (Linux).

    Not ``getrusage``: a child's ``ru_maxrss`` counts the parent's memory it shared
    between fork and exec, which is the importer's, not the parser's."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class ProcessImportRun:
    """Iterator over ``(line, NormalisedRow | Plan | list[RowError])``, parsed in a child
    process (plans only when given a planner).

    Has the interface of :class:`~.rows.ImportRun` that the importer uses:
    iteration, ``header_errors``, ``progress()`` and ``close()``.
    """

    def __init__(
        self,
        path: Path | str,
        ctx: ImportContext,
        *,
        profile: Profile | None = None,
        sheet: str | None = None,
        planner: Planner | None = None,
    ) -> None:
        self.path = Path(path)
        self.profile = profile or ctx.profile
        self.ctx = replace(ctx, profile=self.profile)
        self.header_errors: list[RowError] = []
        self._progress: float | None = 0.0
        self.peak_memory_kb: int | None = None  # the child's, once it is done
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        job: Job = (str(self.path), self.ctx, self.profile, sheet, planner)
        pickle.dump(job, self._process.stdin, protocol=5)
        self._process.stdin.close()
        self._stdout: IO[bytes] = self._process.stdout
        self._items = self._receive()

    def __iter__(self) -> ProcessImportRun:
        return self

    def __next__(self) -> Item:
        return next(self._items)

    def progress(self) -> float | None:
        return self._progress

    def _receive(self) -> Generator[Item, None, None]:
        while True:
            try:
                message: tuple[Any, ...] = pickle.load(self._stdout)
            except EOFError:
                code = self._process.wait()
                raise ParseProcessError(
                    f"the parsing process ended unexpectedly (exit code {code})"
                ) from None
            kind = message[0]
            if kind == "items":
                _kind, chunk, self._progress, self.header_errors = message
                yield from chunk
            elif kind == "done":
                self.peak_memory_kb = message[1]
                self._process.wait()
                return
            else:
                # The whole traceback goes to the log; the person importing sees its last line.
                trace = str(message[1]).strip()
                logger.error("the import's parsing process failed:\n%s", trace)
                raise ParseProcessError(f"the parsing process failed: {trace.splitlines()[-1]}")

    def close(self) -> None:
        self._items.close()
        if self._process.poll() is None:
            self._process.kill()
        self._stdout.close()
        self._process.wait()


if __name__ == "__main__":
    produce(pickle.load(sys.stdin.buffer), sys.stdout.buffer)
