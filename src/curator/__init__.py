"""The curator core: parse, read, validate, assemble and publish (no Prefect here; flows/ wraps it)."""

import os

# polars allocates with jemalloc, which by default keeps the pages a finished query freed resident for seconds (and
# freed-but-unreturned pages for good), in one arena per thread: a batch's few tens of MB of frames left each lane
# process some 70 MB larger than it needed, batch after batch. Freed pages go back to the system within 100 ms and
# from one arena. jemalloc reads this when polars is first imported, so it has to be set before; a value the caller
# set wins. Measured on the 100 MB corpus: the run's process tree peaked 40-60 MB lower; its CPU time moved within the
# run-to-run noise (about +-5 s of 55 s), and one small in-process test of 8 batches measured about +8% CPU.
os.environ.setdefault("_RJEM_MALLOC_CONF", "narenas:1,dirty_decay_ms:100,muzzy_decay_ms:0")
