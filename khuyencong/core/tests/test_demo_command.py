"""The demo stops its background worker however it is stopped: SIGTERM (here) or Ctrl-C."""

import os
import signal
import subprocess
import sys
import time

import pytest

SCRIPT = """
import sys, time
from khuyencong.core.management.commands.demo import run_with_worker
record_pid = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(120)"
run_with_worker(lambda: time.sleep(120), [sys.executable, "-c", record_pid, sys.argv[1]])
"""


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_demo_stops_its_worker(tmp_path, signum):
    pid_file = tmp_path / "worker.pid"
    # As from a terminal: a shell's background job (CI runs a suite with `&`) starts with SIGINT ignored,
    # and Python then never turns Ctrl-C into KeyboardInterrupt.
    demo = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(pid_file)],
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - no threads
    )
    try:
        for _ in range(200):
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.05)
        worker = int(pid_file.read_text())
        assert alive(worker)
        demo.send_signal(signum)
        assert demo.wait(timeout=20) in (0, 128 + signum)
        for _ in range(100):
            if not alive(worker):
                break
            time.sleep(0.05)
        assert not alive(worker)
    finally:
        demo.kill()
