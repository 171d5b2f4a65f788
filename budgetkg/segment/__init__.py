"""Stage 2, segment: a document's lines cut into parts, standard tables (found by their titles) and performance tables."""
