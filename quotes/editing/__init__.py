"""Editors' corrections: merge, split, reattribute, hide, alias edits, undo."""
