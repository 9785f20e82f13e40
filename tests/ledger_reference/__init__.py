"""The ledger as it was before issue 5 (quadratic conflicts and clustering), frozen for tests.

`tests/test_ledger.py` runs it beside `muster.ledger` on large seeded histories and checks that
the faster implementation gives identical results. Not imported by anything in `src`.
"""
