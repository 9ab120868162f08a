"""The readers, one per shape, composed in `curator.datasets`."""
