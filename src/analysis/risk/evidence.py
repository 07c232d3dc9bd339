"""Placeholder: Bayesian evidence from an evaluation lands with Chapter 16."""

__all__: list[str] = []
