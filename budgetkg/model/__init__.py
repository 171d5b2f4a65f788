"""Stage 0, the model every stage shares: reports, tables, rows, findings (:mod:`.report`), the table
registry (:mod:`.tables`) and the classification code lists (:mod:`.codes`)."""
