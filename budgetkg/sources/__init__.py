"""Stage 1, sources: every input format read into a Document of lines and table cells (:mod:`.read` chooses the reader)."""
