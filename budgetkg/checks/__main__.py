"""`python -m budgetkg.checks`: write the registry as ontology/codes/checks.ttl."""
from ..config import ONTOLOGY_DIR
from . import to_turtle

if __name__ == "__main__":
    (ONTOLOGY_DIR / "codes" / "checks.ttl").write_text(to_turtle(), encoding="utf-8")
