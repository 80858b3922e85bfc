"""Data files of the simulated world (loaded with importlib.resources)."""
