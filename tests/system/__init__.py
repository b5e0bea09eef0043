"""Whole-product checks: no 500, confidentiality, accessibility, smoke, URL names."""
