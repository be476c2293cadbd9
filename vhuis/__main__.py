from vhuis.cli.driver import run

run()
