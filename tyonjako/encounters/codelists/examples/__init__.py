"""Example code-list files (data only; this file makes the folder ship as package data).

EXAMPLE ONLY: invented for the demo, not official values. See README.md.
"""
