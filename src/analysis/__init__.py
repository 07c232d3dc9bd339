"""Eval Science: the analysis library behind the book.

Modules
-------
data
    Registry of every upstream file the book uses, a verified download cache and one
    ``load_<dataset>()`` per dataset returning a tidy :class:`pandas.DataFrame`.
stats
    Error bars for evaluation scores: standard errors, exact intervals, clustered and
    paired errors, bootstrap, power and sample size.
plotting
    The book's single figure style and its standard figures.
claims
    Published claims beside the book's own values, recomputed by the test suite.
"""

__version__ = "0.1.0"
