"""Reliability: chaos (faults of every kind), fuzzing, the server extension under load, and the
secret scan's producers. Emulator durability under kill -9 lives in tests/core/test_persistence.py
(run both with ``pytest tests/reliability tests/core/test_persistence.py``)."""
