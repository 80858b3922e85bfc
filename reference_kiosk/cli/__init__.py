"""The ``kiosk`` console script and its technician subcommands."""
