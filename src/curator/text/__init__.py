"""The shared vocabulary of the readers: words, line shapes, markup, dashes, one definition each."""
