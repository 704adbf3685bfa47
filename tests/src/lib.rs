//! Integration tests for claims live in `tests/`.
