"""`python -m etl` runs the command-line interface."""

from etl.cli import main

main()
