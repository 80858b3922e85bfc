"""``kiosk-sim``: the planners' capacity simulator."""

from __future__ import annotations

from collections.abc import Sequence

from reference_kiosk.cli._dispatch import Subcommand, dispatch

COMMANDS = (
    Subcommand("run", "simulator.commands.run", "run one scenario's replications"),
    Subcommand("sweep", "simulator.commands.sweep", "sweep a grid of scenario variants"),
    Subcommand("calibrate", "simulator.commands.calibrate", "fit the model to kiosk telemetry"),
    Subcommand("validate", "simulator.commands.validate", "check the model against queueing theory"),
    Subcommand("report", "simulator.commands.report", "HTML report with plots from results"),
)


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch("kiosk-sim", "Capacity simulator for one-stop departments.", COMMANDS, argv)


if __name__ == "__main__":
    raise SystemExit(main())
