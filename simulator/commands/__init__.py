"""One module per kiosk-sim subcommand: configure(parser) and run(args)."""
