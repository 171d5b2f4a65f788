"""Stage 3: table blocks and overview text → the typed model (one module per kind of table)."""
