"""Load benchmark (`etl benchmark load`): a seeded corpus varied from the seeds
(`corpus`, `templates`), `etl load` measured as a subprocess with the CPU time and peak
memory of every process in its tree (`measure`, `load`), a naive single-process baseline
(`naive`), and the figures as plain data (`figures`). Only the CLI prints.

Nothing is imported here, so that `python -m etl.benchmark.naive` stays lean.
"""
