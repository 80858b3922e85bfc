"""One module per kiosk-twin subcommand: configure(parser) and run(args)."""
