"""The reference kiosk: what would ship on a real kiosk. Imports neither mocks nor simulator."""

__all__: list[str] = []
