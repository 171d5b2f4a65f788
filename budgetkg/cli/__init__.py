"""Stage 10, the command line: a thin typer layer over the library (:mod:`.main`) and the terminal tables (:mod:`.terminal`)."""
