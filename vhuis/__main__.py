from vhuis.cli.entry import run

run()
