"""`python -m bench`: Sluice's interpreter against hand-written workflows, on one dev server.

Every figure is measured twice in the same process, on the same Temporal dev server and the
same worker processes: once through `GraphWorkflow` interpreting a graph, once through a
hand-written `@workflow.defn` (bench.baseline) calling the same activities. Runs of the two
alternate, so the noise of a small machine hits both alike.
"""
