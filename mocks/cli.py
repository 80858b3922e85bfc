"""``kiosk-twin``: the simulated world (backend, card, chaos) and the demo that ties it up."""

from __future__ import annotations

from collections.abc import Sequence

from reference_kiosk.cli._dispatch import Subcommand, dispatch

COMMANDS = (
    Subcommand("up", "mocks.commands.up", "the demo: backend + emulators + kiosk"),
    Subcommand("backend", "mocks.commands.backend", "serve the simulated provincial backend"),
    Subcommand("card", "mocks.commands.card", "insert an emulated chip ID card into pcscd (vpcd)"),
    Subcommand("chaos", "mocks.commands.chaos", "submissions under injected faults, reconciled"),
    Subcommand("ui-audit", "mocks.commands.ui_audit", "every screen of the kiosk checked for cut-off text"),
)


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("kiosk-twin", "The simulated world around a kiosk.", COMMANDS, argv, extra="twin")


if __name__ == "__main__":
    raise SystemExit(main())
