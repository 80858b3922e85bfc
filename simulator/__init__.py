"""SimPy capacity model of citizen queues at one-stop departments."""

__all__: list[str] = []
