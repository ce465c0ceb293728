"""Typed content: plans, kit documents, vocabulary and translatable text."""
