"""What api/, worker/ and activities/ all build on.

Settings (`config`), the database engine (`db`) and table models (`models`), the blob store
(`blobs`), keys and encryption (`keys`, `vault`, `codec`, `run_signing`), logging, metrics and
tracing setup, redaction, the Temporal connection (`temporal`), egress entry parsing, the
node failure type and the one writer of run and approval rows (`run_rows`, `approvals_store`).
Nothing here imports api/, worker/, activities/ or interpreter/.
"""
