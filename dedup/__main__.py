"""`python -m dedup`: the command line (`dedup.cli`)."""

from dedup.cli import main

main()
