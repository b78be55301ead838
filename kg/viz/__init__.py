"""Seeing the graph: graph -> view model -> layout -> the self-contained offline page.

May import: kg.sparql, kg.store and the stages below; not its siblings kg.export, kg.analyze, kg.extract.
"""
