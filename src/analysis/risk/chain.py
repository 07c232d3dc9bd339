"""Placeholder: the chain model lands with Chapter 12."""

__all__: list[str] = []
