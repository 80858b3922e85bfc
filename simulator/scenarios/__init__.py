"""Shipped scenario files (TOML); a package only so that wheels carry them."""
