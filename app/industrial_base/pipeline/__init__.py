"""The data pipeline: refresh the World Bank tables, rebuild the derived tables, keep every vintage.

- `wdi`: the World Bank Indicators API (v2, JSON) and the WDI mirror on GitHub, read into observations.
- `update`: merge observations into the tables, record a vintage, rebuild, validate, replace atomically.
- `build`: one function per derived table; the validator's derivation rules call the same functions.
- `diff`: what an update changed, the largest revisions and the fact-check verdicts that flip.
- `tables`: CSV tables as text, so that rows nobody changed are written back byte for byte.
- `staging`: a validated copy of the data folder that replaces the original file by file.
"""
