"""Tests of the benchmark data kept in bench/."""
