"""``budgetkg serve``: a safe SPARQL endpoint, linked-data pages and canned questions over HTTP.

The Python app owns the public port and speaks to the SPARQL engine only through the
SPARQL 1.1 Protocol, so the same app can front the embedded Oxigraph server or any
remote endpoint (``--endpoint``).
"""
