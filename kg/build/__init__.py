"""The corpus build: tasks on executors, the cache, the merge, SHACL, reasoning, and writing out/.

May import: kg.facts and the base modules; never a store, a query or a command.
"""
