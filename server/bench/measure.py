"""Run one command; print its wall time and peak memory (max RSS of the child) as JSON.

    python measure.py TIMEOUT_SECONDS COMMAND [ARGS...]
"""
import json
import resource
import subprocess
import sys
import time


def main():
    timeout = float(sys.argv[1])
    cmd = sys.argv[2:]
    start = time.perf_counter()
    timed_out = False
    try:
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
        code = proc.returncode
        err = proc.stderr.decode("utf-8", "replace")[-500:]
    except subprocess.TimeoutExpired:
        timed_out = True
        code = None
        err = ""
    wall = time.perf_counter() - start
    # ru_maxrss of waited-for children, in KB on Linux; one child per run of this script.
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": wall, "maxrssKB": rss, "code": code, "timedOut": timed_out, "stderr": err}))


if __name__ == "__main__":
    main()
