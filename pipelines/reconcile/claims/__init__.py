"""Claims from the literature (raw/claims/*.csv), each judged against what the sources say:
`reading` (the claims files), `evidence` (what they are judged against), `verdicts` (the rules) and
`formulas` (computed claims).

Touches: nothing. Imports: reconcile."""

from pipelines.reconcile.claims.evidence import Evidence
from pipelines.reconcile.claims.reading import load_claims
from pipelines.reconcile.claims.verdicts import VERDICTS, claim_problems, judge_claims

__all__ = ["VERDICTS", "Evidence", "claim_problems", "judge_claims", "load_claims"]
