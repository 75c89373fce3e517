"""Screens of the terminal app, one module each."""
