"""Named points where a fault test may kill the indexer (`DEDUP_KILL_AT=embedded`, say).

The crash-safety tests start `dedup index` with this variable set; the process then sends itself
SIGKILL at that point, exactly as `kill -9` would, and the test checks that the next run repairs
everything. Unset, a checkpoint costs one dictionary lookup.
"""

import os
import signal

KILL_AT = "DEDUP_KILL_AT"


def checkpoint(name: str) -> None:
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)
