"""Test doubles that count how much work a matcher or a Span constructor is asked
to do, while answering exactly as the real one does."""

from __future__ import annotations


class CountingPhrases:
    """Wraps a PhraseMatcher: ``walked`` gets the length of every Doc or Span it is
    asked to walk."""

    def __init__(self, real):
        self.real = real
        self.walked: list[int] = []

    def __len__(self):
        return len(self.real)

    def __call__(self, doclike):
        self.walked.append(len(doclike))
        return self.real(doclike)


def count_spans(monkeypatch, module) -> list[tuple]:
    """Replace ``module.Span`` with one that records the (start, end) of every Span
    built; returns the list it fills."""
    made: list[tuple] = []
    real_span = module.Span

    def counting_span(*args, **kwargs):
        made.append(args[1:3])
        return real_span(*args, **kwargs)

    monkeypatch.setattr(module, "Span", counting_span)
    return made
