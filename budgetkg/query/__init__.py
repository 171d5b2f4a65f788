"""Stage 8, query: the canned questions (SPARQL in ``queries/*.rq``), their answers and columns,
linked-data export and the networkx graphs."""
