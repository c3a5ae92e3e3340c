"""Storage checks: buckets, volumes, snapshots and file systems."""
