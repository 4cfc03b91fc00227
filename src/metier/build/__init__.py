"""Builds: which outputs to make, rendering them, writing them safely, reporting."""
