"""``python -m bench.probe run APP [streamlit options]``: ``streamlit run`` with a per-step CPU probe.

The load generator (``bench/protocol_load.py --probe``) starts the server through this module to learn what
each reader's step costs the server, by page and kind of step, even while many readers run at once (the
process's CPU from ``/proc`` cannot be split between steps that overlap). Before handing over to Streamlit's
own command line it wraps three of Streamlit 1.67's internals, in this process only (the app is unchanged):

- ``ScriptRunner._run_script``: one record per script run with the script thread's own CPU time
  (``time.thread_time``) and wall time: the run itself (the page's code, Streamlit's element and widget
  work, each message's hashing and queueing);
- ``Runtime._send_message``: the event loop thread's CPU spent handing each ``ForwardMsg`` to the WebSocket
  (serialisation with ``SerializeToString``, the send queue), summed per session until its
  ``script_finished``: one record per run;
- ``AppSession.handle_backmsg``: the event loop's CPU for a reader's ``BackMsg`` (the rerun request).

Records are JSON lines ``{"sid", "seq", "what", "cpu_s", "wall_s"}`` in ``$BENCH_PROBE_OUT`` (``seq`` counts
a session's runs from 0, so the generator joins them with its steps by session id and order). What the probe
cannot attribute to a step (the event loop's flush loop over sessions, WebSocket frames, uvicorn, asyncio,
the garbage collector outside runs) is the process's total minus these; the generator reports it per step
as the level's average. The wrappers cost a few microseconds per run and per message.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import defaultdict
from typing import Any

OUT_ENV = "BENCH_PROBE_OUT"
PROFILE_ENV = "BENCH_PROBE_PROFILE"
"""Optional: a path for cProfile statistics of every script run (summed; rewritten every 50 runs). The
profiler slows the runs several-fold: use it for where the time goes, not for how much."""


class _Log:
    def __init__(self, path: str) -> None:
        self._file = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (process lifetime)
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, separators=(",", ":"))
        with self._lock:
            self._file.write(line + "\n")


class _Profiles:
    def __init__(self, path: str) -> None:
        import pstats

        self._path = path
        self._lock = threading.Lock()
        self._stats: pstats.Stats | None = None
        self._runs = 0

    def add(self, profile: Any) -> None:
        import pstats

        with self._lock:
            if self._stats is None:
                self._stats = pstats.Stats(profile)
            else:
                self._stats.add(profile)
            self._runs += 1
            if self._runs % 50 == 0:
                self._stats.dump_stats(self._path)


def install(path: str, profile_path: str | None = None) -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.runtime import Runtime
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    log = _Log(path)
    profiles = _Profiles(profile_path) if profile_path else None
    runs: defaultdict[str, int] = defaultdict(int)
    sends: defaultdict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # cpu, messages
    finished: defaultdict[str, int] = defaultdict(int)
    backs: defaultdict[str, int] = defaultdict(int)
    counter_lock = threading.Lock()

    run_script = ScriptRunner._run_script

    def probed_run(self: Any, rerun_data: Any) -> None:
        sid = str(self._session_id)
        with counter_lock:
            seq = runs[sid]
            runs[sid] += 1
        wall, cpu = time.perf_counter(), time.thread_time()
        profiler = None
        if profiles is not None:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        try:
            run_script(self, rerun_data)
        finally:
            if profiler is not None and profiles is not None:
                profiler.disable()
                profiles.add(profiler)
            log.write(
                {
                    "sid": sid,
                    "seq": seq,
                    "what": "script",
                    "cpu_s": round(time.thread_time() - cpu, 6),
                    "wall_s": round(time.perf_counter() - wall, 6),
                }
            )

    send_message = Runtime._send_message

    def probed_send(self: Any, session_info: Any, msg: Any) -> None:
        cpu = time.thread_time()
        try:
            send_message(self, session_info, msg)
        finally:
            sid = str(session_info.session.id)
            totals = sends[sid]
            totals[0] += time.thread_time() - cpu
            totals[1] += 1
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
            ):
                log.write(
                    {"sid": sid, "seq": finished[sid], "what": "send", "cpu_s": round(totals[0], 6),
                     "messages": int(totals[1])}
                )  # fmt: skip
                finished[sid] += 1
                sends[sid] = [0.0, 0.0]

    handle_backmsg = AppSession.handle_backmsg

    def probed_backmsg(self: Any, msg: Any) -> None:
        cpu = time.thread_time()
        try:
            handle_backmsg(self, msg)
        finally:
            if msg.WhichOneof("type") == "rerun_script":
                sid = str(self.id)
                log.write(
                    {"sid": sid, "seq": backs[sid], "what": "backmsg",
                     "cpu_s": round(time.thread_time() - cpu, 6)}
                )  # fmt: skip
                backs[sid] += 1

    ScriptRunner._run_script = probed_run  # type: ignore[method-assign]
    Runtime._send_message = probed_send  # type: ignore[method-assign]
    AppSession.handle_backmsg = probed_backmsg  # type: ignore[method-assign]


def main() -> None:
    path = os.environ.get(OUT_ENV)
    if path:
        install(path, os.environ.get(PROFILE_ENV))
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[1:]]
    streamlit_main()


if __name__ == "__main__":
    main()
