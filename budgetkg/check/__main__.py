"""`python -m budgetkg.check`: write the registry as ontology/codes/checks.ttl."""
from budgetkg.check import to_turtle
from budgetkg.config import ONTOLOGY_DIR

if __name__ == "__main__":
    (ONTOLOGY_DIR / "codes" / "checks.ttl").write_text(to_turtle(), encoding="utf-8")
