"""Stage 7, load: the on-disk store and every way into it: the ingest pipeline, worker processes,
streamed batch writes, N-Quads shards, Dask and Graph Store Protocol loading, and the links to
reports already stored."""
