"""The evidence engine: CV file to text (`text`), CV parsing (`cv`), name folding and
comparison (`names`), the facts it works on (`facts`), finding a record's works in a CV
(`matching`), the scoring formula (`scoring`), identity proofs (`proofs`) and the ORCID
public-works client (`orcid`). Pure code: no module here imports Django models; the database
reads it needs live in profiles/selectors/evidence.py.
"""
