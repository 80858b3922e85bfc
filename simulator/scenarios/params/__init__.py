"""Kiosk step parameter files (the format `kiosk-sim calibrate` writes)."""
