"""Hostile and broken input: a catalogue of cases with their exact messages, and property-based tests."""
