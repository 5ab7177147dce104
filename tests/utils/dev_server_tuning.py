"""Dev server settings the test servers add to `dev_server_args()`.

`history.timerProcessorMaxTimeShift` (1 s by default) is how far ahead of now the history
service's timer queue has already read: every timer created closer than that to now is moved
to its edge. So a node retry after 0.1 s (tests/utils/runs.py FAST_RETRY) waits a whole second,
and so does a sub-second `util.delay`. With 10 ms they fire when asked (measured: a 0.1 s retry
interval 1.00 s -> 0.11 s). Timers are never moved earlier, only less late, so no test that
waits for a real timeout waits any less than that timeout.
"""

PRECISE_TIMERS = ["--dynamic-config-value", 'history.timerProcessorMaxTimeShift="10ms"']
