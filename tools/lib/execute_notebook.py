"""Execute one notebook with the repo's tslab kernel and report how it went, as JSON on stdout.

usage: execute_notebook.py IN.ipynb OUT.ipynb --cwd DIR [--cell-timeout S] [--startup-timeout S]

Why Python: Jupyter's client (nbclient) is Python; everything else in tools/ is TypeScript and reads
the JSON this prints. Cell errors do not stop the run (allow_errors): the caller inspects every
output, because tslab reports errors as stderr streams and nbclient's own status misses some.
A cell that runs past its time limit, or a kernel that dies, stops the run; the notebook executed so
far is still written so the caller can say which cell it was.
"""
import argparse
import json
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("inp")
    p.add_argument("out")
    p.add_argument("--cwd", required=True)
    p.add_argument("--cell-timeout", type=int, default=300)
    p.add_argument("--startup-timeout", type=int, default=60)
    a = p.parse_args()
    try:
        nb = nbformat.read(a.inp, as_version=4)
    except Exception as e:  # malformed JSON or not a notebook: say so, write nothing
        print(json.dumps({"status": "unreadable", "message": f"{type(e).__name__}: {e}"}))
        return 0
    client = NotebookClient(
        nb,
        kernel_name="tslab",
        timeout=a.cell_timeout,
        startup_timeout=a.startup_timeout,
        allow_errors=True,
        record_timing=True,
        resources={"metadata": {"path": a.cwd}},
    )
    status, message, cell = "ok", "", None
    t0 = time.time()
    try:
        client.execute()
    except CellTimeoutError as e:
        status, message = "timeout", str(e).splitlines()[0] if str(e) else "cell timed out"
    except DeadKernelError as e:
        status, message = "dead-kernel", str(e)
    except Exception as e:  # kernel failed to start, etc.
        status, message = "error", f"{type(e).__name__}: {e}"
    if status in ("timeout", "dead-kernel"):
        # The cell that was running is the first code cell without an execute_reply time.
        for i, c in enumerate(nb.cells):
            if c.cell_type == "code" and "shell.execute_reply" not in c.get("metadata", {}).get("execution", {}):
                cell = i
                break
    nbformat.write(nb, a.out)
    print(json.dumps({"status": status, "message": message, "cell": cell, "seconds": time.time() - t0}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
