"""Execute one notebook with the repo's tslab kernel and report how it went, as JSON on stdout.

usage: execute_notebook.py IN.ipynb OUT.ipynb --cwd DIR [--cell-timeout S] [--startup-timeout S (120)]
         [--total-timeout S] [--pause-after-error] [--max-output-chars N] [--shutdown-immediate]
         [--delete-input] [--record-status] [--kernel-cmd JSON] [--ipc-dir DIR]

Why Python: Jupyter's client (nbclient) is Python; everything else in tools/ is TypeScript and reads
the JSON this prints. Cell errors do not stop the run (allow_errors): the caller inspects every
output, because tslab reports errors as stderr streams and nbclient's own status misses some.
A cell that runs past its time limit, or a kernel that dies, stops the run; the notebook executed so
far is still written so the caller can say which cell it was. A kernel that does not answer within
--startup-timeout seconds of starting is replaced by a new one, once ("notes" in the JSON says so).

The optional flags exist for the grader (tools/grade/), which runs untrusted notebooks:
  --total-timeout       a time limit for the whole notebook (each cell gets what is left of it);
  --pause-after-error   tslab aborts, silently, every request that reaches it within 200 ms of a
                        failed cell (its own stop-on-error, which ignores the client's setting), so
                        the cells after a failure would never run: pause 250 ms after a failed
                        cell, and run an aborted cell once more after such a pause;
  --max-output-chars    keep at most N characters of output per cell (a print loop cannot fill memory);
  --shutdown-immediate  kill the kernel at the end instead of asking it (a spinning kernel cannot answer);
  --delete-input        remove IN.ipynb once read (the kernel's code cannot find it on disk);
  --record-status       put each cell's reply status ("ok", "error", "abort") in its metadata under
                        "nn-reply-status": a cell may write to stderr without failing;
  --kernel-cmd JSON     start the kernel with this argv instead of the kernelspec's ("{connection_file}"
                        is replaced): the grader's sandbox (tools/grade/sandbox.ts) around tslab;
  --ipc-dir DIR         talk to the kernel over unix sockets in DIR instead of TCP on loopback, so a
                        kernel in a network namespace of its own (no network at all) is still reachable.
                        tslab binds "ipc://<ip>:<port>" where Jupyter connects to "<ip>-<port>": each
                        "<ip>-<port>" is made a symlink to "<ip>:<port>" before the kernel starts. Once
                        the kernel is ready the folder is made read-only (it holds only its sockets).
"""
import argparse
import asyncio
import json
import os
import sys
import time

import nbformat
from jupyter_client import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from traitlets.config import Config

PAUSE_AFTER_ERROR_S = 0.25  # tslab's abort window is 200 ms (tslab/dist/jupyter.js, execQueue.reset(200))


class KernelStartError(RuntimeError):
    """The kernel did not answer after starting, twice: no cell ran."""


PORTS = ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port")


class KernelManager(AsyncKernelManager):
    """Jupyter's kernel manager, with the kernel's argv given (--kernel-cmd) and tslab's ipc names."""

    kernel_cmd = None

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        connection_file = os.path.realpath(self.connection_file)
        if self.transport == "ipc":
            # Readable by the kernel, which may run as another user; its folder is private (0700).
            os.chmod(connection_file, 0o644)
            for name in PORTS:
                port = getattr(self, name)
                link = f"{self.ip}-{port}"
                if not os.path.lexists(link):
                    os.symlink(f"{os.path.basename(self.ip)}:{port}", link)
        if self.kernel_cmd:
            cmd = [a.replace("{connection_file}", connection_file) for a in self.kernel_cmd]
        return cmd


class Client(NotebookClient):
    """nbclient's client plus the grader's options; with none of them set it behaves as nbclient."""

    pause_after_error = False
    max_output_chars = 0
    record_status = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._last_status = None
        self._chars = {}
        self.start_notes = []
        self.ipc_dir = None

    async def async_start_new_kernel_client(self):
        # On a busy machine (or when two kernels race for a port) a kernel may not answer in time
        # after starting. nbclient then stops it; start a new one, once, before giving up.
        t0 = time.time()
        try:
            kc = await super().async_start_new_kernel_client()
        except Exception as e:  # nbclient raises RuntimeError("Kernel didn't respond in N seconds")
            first = f"{type(e).__name__}: {e}"
            self.start_notes.append(f"the kernel did not answer {time.time() - t0:.0f} s after starting "
                                    f"({first}); started a new one")
            self.km = self.create_kernel_manager()
            await self.async_start_new_kernel()
            try:
                kc = await super().async_start_new_kernel_client()
            except Exception as e:
                raise KernelStartError(kernel_start_advice(self.startup_timeout, f"{type(e).__name__}: {e}")) from e
        if self.ipc_dir:
            # Every socket is bound: nothing more may be created beside them.
            os.chmod(self.ipc_dir, 0o555)
        return kc

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        for attempt in range(2):
            self._last_status = None
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            if not self.pause_after_error or self._last_status not in ("error", "abort"):
                break
            await asyncio.sleep(PAUSE_AFTER_ERROR_S)
            if self._last_status != "abort":
                break
            cell.setdefault("metadata", {})["nn-aborted-once"] = True
        return cell

    async def _check_raise_for_error(self, cell, cell_index, exec_reply):
        if exec_reply is not None:
            self._last_status = exec_reply.get("content", {}).get("status")
            if self.record_status:
                cell.setdefault("metadata", {})["nn-reply-status"] = self._last_status
        return await super()._check_raise_for_error(cell, cell_index, exec_reply)

    def output(self, outs, msg, display_id, cell_index):
        if self.max_output_chars > 0:
            used = self._chars.get(cell_index, 0)
            if used > self.max_output_chars:
                return None
            size = len(json.dumps(msg.get("content", {})))
            self._chars[cell_index] = used + size
            if used + size > self.max_output_chars:
                note = nbformat.v4.new_output(
                    "stream", name="stdout",
                    text=f"\n[output truncated: more than {self.max_output_chars} characters]\n")
                outs.append(note)
                return note
        return super().output(outs, msg, display_id, cell_index)


def kernel_start_advice(timeout, error) -> str:
    """What happened and what to do, for a kernel that did not start twice."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cores = os.cpu_count() or 1
    why = (f"The machine may be too busy (load average {load:.1f} on {cores} cores): run again when it "
           f"is quieter, run fewer notebooks at once (NN_JOBS=1), or give the kernel longer to start "
           f"(NN_KERNEL_START_TIMEOUT={2 * int(timeout)}, in seconds).") if "respond" in error else \
          "Check that npm run setup completed (node_modules/tslab, the kernelspec in jupyter/)."
    return f"the tslab kernel did not start, twice (the second time: {error}); no cell ran. {why}"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("inp")
    p.add_argument("out")
    p.add_argument("--cwd", required=True)
    p.add_argument("--cell-timeout", type=int, default=300)
    p.add_argument("--startup-timeout", type=int, default=120)
    p.add_argument("--total-timeout", type=float, default=0)
    p.add_argument("--pause-after-error", action="store_true")
    p.add_argument("--max-output-chars", type=int, default=0)
    p.add_argument("--shutdown-immediate", action="store_true")
    p.add_argument("--delete-input", action="store_true")
    p.add_argument("--record-status", action="store_true")
    p.add_argument("--kernel-cmd", default="")
    p.add_argument("--ipc-dir", default="")
    a = p.parse_args()
    try:
        nb = nbformat.read(a.inp, as_version=4)
    except Exception as e:  # malformed JSON or not a notebook: say so, write nothing
        print(json.dumps({"status": "unreadable", "message": f"{type(e).__name__}: {e}"}))
        return 0
    finally:
        if a.delete_input and os.path.exists(a.inp):
            os.remove(a.inp)
    t0 = time.time()
    deadline = t0 + a.total_timeout if a.total_timeout > 0 else None

    def cell_timeout(cell):
        # A cell may carry its own limit (metadata "nn-timeout", seconds): the grader gives the
        # course's own cells more time than the cells that run a student's code.
        own = cell.get("metadata", {}).get("nn-timeout") if cell is not None else None
        limit = own if isinstance(own, (int, float)) and own > 0 else a.cell_timeout
        if deadline is None:
            return limit
        return max(1, min(limit, int(deadline - time.time() + 0.999)))

    config = Config()
    if a.ipc_dir:
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(a.ipc_dir, "k")
        config.KernelManager.connection_file = os.path.join(a.ipc_dir, "kernel.json")
    KernelManager.kernel_cmd = json.loads(a.kernel_cmd) if a.kernel_cmd else None
    client = Client(
        nb,
        kernel_name="tslab",
        kernel_manager_class=KernelManager,
        config=config,
        timeout=a.cell_timeout,
        startup_timeout=a.startup_timeout,
        allow_errors=True,
        record_timing=True,
        resources={"metadata": {"path": a.cwd}},
        timeout_func=cell_timeout,
        **({"shutdown_kernel": "immediate"} if a.shutdown_immediate else {}),
    )
    client.pause_after_error = a.pause_after_error
    client.max_output_chars = a.max_output_chars
    client.record_status = a.record_status
    client.ipc_dir = a.ipc_dir or None
    status, message, cell = "ok", "", None
    try:
        client.execute()
    except CellTimeoutError as e:
        status, message = "timeout", str(e).splitlines()[0] if str(e) else "cell timed out"
        if deadline is not None and time.time() >= deadline - 0.5:
            message = f"the notebook's time limit of {a.total_timeout:g} s ran out ({message})"
    except DeadKernelError as e:
        status, message = "dead-kernel", str(e)
    except KernelStartError as e:
        status, message = "kernel-start", str(e)
    except Exception as e:  # kernel failed to start, etc.
        status, message = "error", f"{type(e).__name__}: {e}"
    if status in ("timeout", "dead-kernel"):
        # The cell that was running is the first code cell without an execute_reply time.
        for i, c in enumerate(nb.cells):
            if c.cell_type == "code" and "shell.execute_reply" not in c.get("metadata", {}).get("execution", {}):
                cell = i
                break
    nbformat.write(nb, a.out)
    print(json.dumps({"status": status, "message": message, "cell": cell, "seconds": time.time() - t0,
                      "notes": client.start_notes}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
