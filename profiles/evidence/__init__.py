"""The evidence engine: CV file to text, CV parsing, name comparison, work matching, scoring
and identity proofs. Pure code: no module here imports Django models at module level; the
database reads it needs live in profiles/evidence_facts.py and are done inside functions.
"""
