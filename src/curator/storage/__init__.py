"""The one package in the core that touches the filesystem: reading raw files, writing outputs whole or not at all.

`raw` discovers and reads the input documents; everything else writes under the output root, whose paths
`layout` names: `cache` (sealed per-document results), `versions` (a run's staging version, published in one
rename), `reports` (each run's report, `latest`), `lock` (one run at a time, and what a killed run left behind).
`files` writes a file whole or not at all, `seal` records what was written so damage is found before use, and
`errors` turns what the operating system refuses into a StorageError naming the operation and the path.
"""
