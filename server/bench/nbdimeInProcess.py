"""nbdime's diff_notebooks in process: the call alone is timed (reading excluded).

    python nbdimeInProcess.py BASE HEAD RUNS   -> {"seconds": best, "maxrssKB": peak}
"""
import json
import resource
import sys
import time

import nbformat
from nbdime import diff_notebooks


def main():
    base = nbformat.read(sys.argv[1], as_version=4)
    head = nbformat.read(sys.argv[2], as_version=4)
    runs = int(sys.argv[3])
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        diff_notebooks(base, head)
        t = time.perf_counter() - start
        best = t if best is None else min(best, t)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": best, "maxrssKB": rss}))


if __name__ == "__main__":
    main()
