from vhuis.cli.app import run

run()
