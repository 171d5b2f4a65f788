"""Stage 4, link: what joins reports before they are checked and mapped: two-file publications merged,
organisations resolved across spellings, each report's digest for the links across years."""
