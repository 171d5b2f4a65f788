"""Fault injection (``make mutate``, issue 23): plant one known error at a time into real reports and
measure which the checks find (:mod:`.harness`), by kind of error (:mod:`.kinds`), planted into
the documents as read (:mod:`.plant`)."""
