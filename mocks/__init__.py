"""The simulated world around a kiosk. May import reference_kiosk's ports and API models only."""

__all__: list[str] = []
